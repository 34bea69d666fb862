package dev.zhiyu.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Relations over the index. */
final class GraphRelations implements Relations {
    private static final double MAJOR_HOLDER = 0.05;
    private static final int MAX_CIRCLES = 50;
    private static final int MAX_CIRCLE_LENGTH = 12;
    private static final int PATH_BUDGET = 200_000;
    private static final int CIRCLE_BUDGET = 20_000;
    private final Graph graph;

    GraphRelations(Graph graph) {
        this.graph = graph;
    }

    private GraphIndex g() {
        return graph.index;
    }

    @Override
    public List<RelatedParty> relatedParties(String company) {
        return graph.read(() -> {
            int c = graph.company(company);
            Map<Integer, List<String>> reasons = new LinkedHashMap<>();
            Controller ctl = graph.queries().controller(c);
            if (ctl.controller() != null) {
                int t = g().node(ctl.controller().id());
                GraphIndex.add(reasons, t, "实际控制人");
                group(t).forEach(x -> GraphIndex.add(reasons, x, "同一实际控制人：" + ctl.controller().name()));
            }
            for (Edge e : g().holders(c)) {
                if (e.unknown() || e.equity >= MAJOR_HOLDER) {
                    GraphIndex.add(reasons, e.holder, "持股5%以上股东");
                }
                for (Edge back : g().holdings(c)) {
                    if (back.company == e.holder) {
                        GraphIndex.add(reasons, e.holder, "交叉持股");
                    }
                }
            }
            g().holdings(c).forEach(e -> GraphIndex.add(reasons, e.company, "对外投资"));
            for (Officer o : g().officersOf(c)) {
                int p = g().node(o.person());
                GraphIndex.add(reasons, p, "董监高：" + o.role().label);
                for (Officer other : g().positions.getOrDefault(p, List.of())) {
                    int x = g().node(other.company());
                    if (x != c) {
                        GraphIndex.add(reasons, x, "共同任职人员：" + g().entity(p).name());
                    }
                }
            }
            g().guaranteesOut.getOrDefault(c, List.of()).forEach(x -> GraphIndex.add(reasons, g().node(x.debtor()), "为其担保"));
            g().guaranteesIn.getOrDefault(c, List.of()).forEach(x -> GraphIndex.add(reasons, g().node(x.guarantor()), "为本公司担保"));
            reasons.remove(c);
            List<RelatedParty> out = new ArrayList<>();
            reasons.forEach((n, r) -> out.add(new RelatedParty(graph.queries().party(n), r.stream().distinct().toList())));
            return out;
        });
    }

    /** Companies below {@code top} whose control chain ends at it. */
    private List<Integer> group(int top) {
        List<Integer> members = new ArrayList<>();
        BitSet seen = new BitSet();
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(top));
        seen.set(top);
        while (!queue.isEmpty()) {
            for (Edge e : g().holdings(queue.poll())) {
                if (!seen.get(e.company) && graph.engine.top(e.company) == top) {
                    seen.set(e.company);
                    members.add(e.company);
                    queue.add(e.company);
                }
            }
        }
        return members;
    }

    @Override
    public List<Party> capitalGroup(String controller) {
        return graph.read(() -> group(graph.require(controller)).stream().map(graph.queries()::party).toList());
    }

    @Override
    public List<List<Party>> guaranteeCircles(String company) {
        return graph.read(() -> {
            int c = graph.require(company);
            List<List<Integer>> circles = new ArrayList<>();
            circles(c, c, new ArrayList<>(List.of(c)), new HashSet<>(Set.of(c)), circles, new int[] {CIRCLE_BUDGET});
            return circles.stream().map(l -> l.stream().map(graph.queries()::party).toList()).toList();
        });
    }

    /** Whether guarantees lead from c back to c within the circle length bound (breadth-first, no enumeration). */
    boolean inGuaranteeCircle(int c) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> frontier = List.of(c);
        for (int hop = 0; hop < MAX_CIRCLE_LENGTH && !frontier.isEmpty() && seen.size() < CIRCLE_BUDGET; hop++) {
            List<Integer> next = new ArrayList<>();
            for (int at : frontier) {
                for (Guarantee x : g().guaranteesOut.getOrDefault(at, List.of())) {
                    int d = g().node(x.debtor());
                    if (d == c) {
                        return true;
                    }
                    if (seen.add(d)) {
                        next.add(d);
                    }
                }
            }
            frontier = next;
        }
        return false;
    }

    private void circles(int start, int at, List<Integer> path, Set<Integer> on, List<List<Integer>> found, int[] budget) {
        if (found.size() >= MAX_CIRCLES || path.size() > MAX_CIRCLE_LENGTH || budget[0]-- <= 0) {
            return;
        }
        for (Guarantee x : g().guaranteesOut.getOrDefault(at, List.of())) {
            int d = g().node(x.debtor());
            if (d == start) {
                found.add(List.copyOf(path));
            } else if (!on.contains(d)) {
                path.add(d);
                on.add(d);
                circles(start, d, path, on, found, budget);
                on.remove(d);
                path.removeLast();
            }
        }
    }

    @Override
    public List<RelationPath> paths(String from, String to, int k, int maxHops) {
        return graph.read(() -> {
            int a = graph.require(from);
            int b = graph.require(to);
            List<RelationPath> found = new ArrayList<>();
            record Partial(List<Integer> nodes, List<String> rels) {
            }
            ArrayDeque<Partial> queue = new ArrayDeque<>(List.of(new Partial(List.of(a), List.of())));
            int budget = PATH_BUDGET;
            while (!queue.isEmpty() && found.size() < k && budget-- > 0) {
                Partial p = queue.poll();
                int last = p.nodes().getLast();
                if (last == b) {
                    found.add(new RelationPath(p.nodes().stream().map(graph.queries()::party).toList(), p.rels()));
                    continue;
                }
                if (p.rels().size() >= maxHops) {
                    continue;
                }
                for (var hop : neighbours(last).entrySet()) {
                    if (!p.nodes().contains(hop.getKey())) {
                        List<Integer> nodes = new ArrayList<>(p.nodes());
                        nodes.add(hop.getKey());
                        List<String> rels = new ArrayList<>(p.rels());
                        rels.add(hop.getValue());
                        queue.add(new Partial(nodes, rels));
                    }
                }
            }
            return found;
        });
    }

    private Map<Integer, String> neighbours(int n) {
        Map<Integer, String> m = new LinkedHashMap<>();
        g().holders(n).forEach(e -> m.putIfAbsent(e.holder, "被持股"));
        g().holdings(n).forEach(e -> m.putIfAbsent(e.company, "持股"));
        g().officersOf(n).forEach(o -> m.putIfAbsent(g().node(o.person()), "任职人员"));
        g().positions.getOrDefault(n, List.of()).forEach(o -> m.putIfAbsent(g().node(o.company()), "任职"));
        g().guaranteesOut.getOrDefault(n, List.of()).forEach(x -> m.putIfAbsent(g().node(x.debtor()), "担保"));
        g().guaranteesIn.getOrDefault(n, List.of()).forEach(x -> m.putIfAbsent(g().node(x.guarantor()), "被担保"));
        g().suppliesOut.getOrDefault(n, List.of()).forEach(x -> m.putIfAbsent(g().node(x.customer()), "供应"));
        g().suppliesIn.getOrDefault(n, List.of()).forEach(x -> m.putIfAbsent(g().node(x.supplier()), "采购"));
        return m;
    }

    @Override
    public ChainNeighbours chainNeighbours(String company) {
        return chainNeighbours(company, 1);
    }

    @Override
    public ChainNeighbours chainNeighbours(String company, int depth) {
        if (depth < 1 || depth > ChainWalk.MAX_DEPTH) {
            throw new InvalidQueryException("depth", "产业链跳数须在 1–" + ChainWalk.MAX_DEPTH + " 之间");
        }
        return graph.read(() -> new ChainWalk(g(), graph.queries()::party).around(graph.company(company), depth));
    }

    @Override
    public List<Party> companiesInChain(String chain) {
        return companiesInChain(chain, 0, Integer.MAX_VALUE).companies().stream().map(ChainMembers.Member::company)
                .toList();
    }

    @Override
    public ChainMembers companiesInChain(String chain, int offset, int limit) {
        if (chain == null || chain.isBlank()) {
            throw new InvalidQueryException("chain", "产业链名称不能为空");
        }
        if (offset < 0 || limit < 1) {
            throw new InvalidQueryException("limit", "offset 不能为负，limit 至少为 1");
        }
        return graph.read(() -> new ChainWalk(g(), graph.queries()::party).members(chain.trim(), offset, limit));
    }
}
