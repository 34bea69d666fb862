package dev.zhiyu.knowledge;

import java.util.List;

/** A product or industry node; {@code parent} forms the hierarchy, {@code chains} names chains it belongs to (e.g. 5G). */
public record Product(String id, String name, String parent, List<String> chains, Provenance source) {
    public Product {
        chains = List.copyOf(chains);
    }
}
