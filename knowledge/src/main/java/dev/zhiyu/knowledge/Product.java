package dev.zhiyu.knowledge;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A product or industry node. {@code parents} form the hierarchy (a product can sit under several, e.g. 车规级芯片 under
 * both 芯片 and 汽车电子); {@code chains} names chains it belongs to (e.g. 5G). Rows for the same code merge: every
 * parent and chain is kept. Facts stored before there were several parents carry a single {@code parent}.
 */
public record Product(String id, String name,
                      @JsonAlias("parent") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                      List<String> parents,
                      List<String> chains, Provenance source) {
    public Product {
        parents = parents == null ? List.of()
                : parents.stream().filter(p -> p != null && !p.isBlank()).map(String::trim).distinct().toList();
        chains = chains == null ? List.of() : List.copyOf(chains);
    }

    public Product(String id, String name, String parent, List<String> chains, Provenance source) {
        this(id, name, parent == null ? List.of() : List.of(parent), chains, source);
    }

    /** This product with a later row's name and source, and the parents and chains of both. */
    Product merged(Product later) {
        return new Product(id, later.name(), union(parents, later.parents()), union(chains, later.chains()), later.source());
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }
}
