package dev.zhiyu.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks of the product hierarchy (every parent, breadth-first, each product once), so a hierarchy with several parents
 * or a loop the data slipped in cannot make a walk run forever. Callers hold the graph's lock.
 */
final class ProductHierarchy {
    /** More levels than any real industry classification has (GICS has 4, 国民经济行业分类 4). */
    static final int MAX_LEVELS = 32;

    private ProductHierarchy() {
    }

    /** The product and all its ancestors, nearest first. */
    static Set<String> selfAndAncestors(GraphIndex g, String product) {
        return walk(g, product, true, Integer.MAX_VALUE);
    }

    /** The product and all its descendants (at most {@code limit}), nearest first. */
    static Set<String> selfAndDescendants(GraphIndex g, String product, int limit) {
        return walk(g, product, false, limit);
    }

    private static Set<String> walk(GraphIndex g, String product, boolean up, int limit) {
        Set<String> seen = new LinkedHashSet<>();
        if (!g.products.containsKey(product)) {
            return seen;
        }
        seen.add(product);
        ArrayDeque<String> frontier = new ArrayDeque<>(List.of(product));
        for (int level = 0; level < MAX_LEVELS && !frontier.isEmpty() && seen.size() < limit; level++) {
            ArrayDeque<String> next = new ArrayDeque<>();
            for (String p : frontier) {
                for (String q : up ? parents(g, p) : g.productChildren.getOrDefault(p, List.of())) {
                    if (seen.size() < limit && g.products.containsKey(q) && seen.add(q)) {
                        next.add(q);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    private static List<String> parents(GraphIndex g, String p) {
        Product x = g.products.get(p);
        return x == null ? List.of() : x.parents();
    }

    /** Whether {@code ancestor} is {@code product} or above it: adding it as a parent of product would close a loop. */
    static boolean wouldLoop(GraphIndex g, String product, String parent) {
        return product.equals(parent) || selfAndAncestors(g, parent).contains(product);
    }

    /** Whether the product, or a product above it, names the chain or is the chain's product code. */
    static boolean inChain(GraphIndex g, String product, String chain) {
        for (String p : selfAndAncestors(g, product)) {
            if (p.equals(chain) || g.products.get(p).chains().contains(chain)) {
                return true;
            }
        }
        return false;
    }

    static List<String> list(Set<String> s) {
        return new ArrayList<>(s);
    }
}
