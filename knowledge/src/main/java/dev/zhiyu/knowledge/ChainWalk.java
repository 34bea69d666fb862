package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/** Multi-hop walks over product links and the product hierarchy, within fixed bounds. Callers hold the read lock. */
final class ChainWalk {
    static final int MAX_DEPTH = 6;
    /** Products visited per direction, sub-products included. */
    static final int PRODUCT_BUDGET = 20_000;
    /** Makers listed per hop product. */
    static final int MAKERS_PER_PRODUCT = 200;
    private final GraphIndex g;
    private final IntFunction<Party> party;
    private boolean truncated;

    ChainWalk(GraphIndex g, IntFunction<Party> party) {
        this.g = g;
        this.party = party;
    }

    ChainNeighbours around(int company, int depth) {
        List<String> own = g.produces.getOrDefault(company, List.of());
        List<ChainNeighbours.ChainHop> up = walk(company, own, depth, true);
        List<ChainNeighbours.ChainHop> down = walk(company, own, depth, false);
        return new ChainNeighbours(party.apply(company), own, ids(up), ids(down), makers(up), makers(down), depth,
                g.productWeights.getOrDefault(company, Map.of()), up, down, truncated);
    }

    private List<ChainNeighbours.ChainHop> walk(int company, List<String> own, int depth, boolean up) {
        Map<String, List<String>> links = up ? g.upstream : g.downstream;
        Set<String> visited = new LinkedHashSet<>(own);
        Map<String, List<String>> frontier = new LinkedHashMap<>();
        own.forEach(p -> frontier.put(p, List.of(p)));
        List<ChainNeighbours.ChainHop> hops = new ArrayList<>();
        for (int hop = 1; hop <= depth && !frontier.isEmpty(); hop++) {
            Map<String, List<String>> next = new LinkedHashMap<>();
            for (var f : frontier.entrySet()) {
                for (String from : below(f.getKey())) {
                    for (String q : links.getOrDefault(from, List.of())) {
                        if (visited.size() >= PRODUCT_BUDGET) {
                            truncated = true;
                            return hops;
                        }
                        if (visited.add(q)) {
                            List<String> path = new ArrayList<>(f.getValue());
                            if (!from.equals(f.getKey())) {
                                path.add(from);
                            }
                            path.add(q);
                            next.put(q, path);
                            hops.add(new ChainNeighbours.ChainHop(q, name(q), hop, path, makersOf(q, company)));
                        }
                    }
                }
            }
            frontier.clear();
            frontier.putAll(next);
        }
        return hops;
    }

    /** A product and its sub-products: their links are the product's too, and their makers make it. */
    private Set<String> below(String product) {
        Set<String> s = ProductHierarchy.selfAndDescendants(g, product, PRODUCT_BUDGET);
        if (s.size() >= PRODUCT_BUDGET) {
            truncated = true;
        }
        return s.isEmpty() ? Set.of(product) : s;
    }

    private List<ChainNeighbours.ChainMaker> makersOf(String product, int except) {
        List<ChainNeighbours.ChainMaker> out = new ArrayList<>();
        Set<Integer> seen = new LinkedHashSet<>();
        for (String p : below(product)) {
            for (int c : g.producers.getOrDefault(p, List.of())) {
                if (c == except || !seen.add(c)) {
                    continue;
                }
                if (out.size() >= MAKERS_PER_PRODUCT) {
                    truncated = true;
                    return out;
                }
                out.add(new ChainNeighbours.ChainMaker(party.apply(c), p, weight(c, p)));
            }
        }
        return out;
    }

    private Double weight(int company, String product) {
        return g.productWeights.getOrDefault(company, Map.of()).get(product);
    }

    private String name(String product) {
        Product p = g.products.get(product);
        return p == null ? product : p.name();
    }

    private static List<String> ids(List<ChainNeighbours.ChainHop> hops) {
        return hops.stream().map(ChainNeighbours.ChainHop::product).toList();
    }

    private static List<Party> makers(List<ChainNeighbours.ChainHop> hops) {
        Map<String, Party> m = new LinkedHashMap<>();
        hops.forEach(h -> h.makers().forEach(x -> m.putIfAbsent(x.company().id(), x.company())));
        return List.copyOf(m.values());
    }

    /** Every company making a product in the chain, ordered and paged. */
    ChainMembers members(String chain, int offset, int limit) {
        Map<Integer, List<String>> products = new LinkedHashMap<>();
        for (String p : g.products.keySet()) {
            if (ProductHierarchy.inChain(g, p, chain)) {
                for (int c : g.producers.getOrDefault(p, List.of())) {
                    GraphIndex.add(products, c, p);
                }
            }
        }
        List<ChainMembers.Member> all = new ArrayList<>();
        products.forEach((c, ps) -> all.add(new ChainMembers.Member(party.apply(c), ps, sum(c, ps))));
        all.sort(Comparator.comparingDouble((ChainMembers.Member m) -> m.weight() == null ? -1 : m.weight()).reversed()
                .thenComparing(m -> m.company().name()).thenComparing(m -> m.company().id()));
        int from = Math.min(offset, all.size());
        return new ChainMembers(chain, all.size(), offset, limit, all.subList(from, Math.min(all.size(), from + limit)));
    }

    private Double sum(int company, List<String> products) {
        Double s = null;
        for (String p : products) {
            Double w = weight(company, p);
            if (w != null) {
                s = (s == null ? 0 : s) + w;
            }
        }
        return s;
    }
}
