package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers built from the index and the computed ownership. Callers hold the graph's read lock. */
final class Queries {
    static final double BO_THRESHOLD = 0.25;
    private static final int PATH_BUDGET = 50_000;
    private final GraphIndex g;
    private final OwnershipEngine engine;

    Queries(GraphIndex g, OwnershipEngine engine) {
        this.g = g;
        this.engine = engine;
    }

    Party party(int n) {
        Entity e = g.entity(n);
        return new Party(e.id(), e.name(), e.kind());
    }

    Ownership ownership(int c) {
        return ownership(c, Integer.MAX_VALUE);
    }

    /** The {@code limit} largest ultimate holders (a deep company can have thousands of tiny ones). */
    Ownership ownership(int c, int limit) {
        Holdings h = engine.of(c);
        Integer[] order = new Integer[h.roots.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(h.shares[b], h.shares[a]));
        List<HolderShare> holders = new ArrayList<>();
        for (int i = 0; i < order.length && i < limit; i++) {
            holders.add(new HolderShare(party(h.roots[order[i]]), h.shares[order[i]]));
        }
        return new Ownership(party(c), holders, h.missing, h.unknownShare, h.incomplete(), stops(c));
    }

    /** Where the data stops above c: companies (or other parties) with no recorded holders. */
    List<Party> stops(int c) {
        Holdings h = engine.of(c);
        List<Party> stops = new ArrayList<>();
        for (int root : h.roots) {
            if (g.kind(root).holdable()) {
                stops.add(party(root));
            }
        }
        if (g.holders(c).isEmpty()) {
            stops.add(party(c));
        }
        return stops;
    }

    Controller controller(int c) {
        Holdings h = engine.of(c);
        int top = h.top < 0 ? c : h.top;
        List<Party> chain = chain(c, top);
        Party direct = h.via >= 0 ? party(h.via) : null;
        if (top == c) {
            return uncontrolled(c, chain);
        }
        EntityKind kind = g.kind(top);
        List<Integer> members = memberTops(top);
        if (!members.isEmpty()) {
            return jointly(c, top, members, direct, chain);
        }
        if (!kind.holdable()) {
            String why = party(top).name() + " " + h.basis.label + "（" + Loader.pct(h.controlVotes) + "）";
            return new Controller(party(c), ControlStatus.CONTROLLED, party(top), direct, h.basis, h.controlVotes, chain,
                    kind == EntityKind.STATE, why, List.of(), List.of(), evidence(List.of(top), c));
        }
        // tops are settled (top(top) == top), so the company at the top answers for itself: no recursion.
        Controller upper = uncontrolled(top, List.of());
        boolean open = upper.status() == ControlStatus.INCOMPLETE;
        String why = "控股股东 " + party(top).name() + " " + h.basis.label + "，但其"
                + (open ? "控制关系无法确定（" + String.join("；", upper.gaps()) + "），控制链不完整" : "本身无实际控制人");
        return new Controller(party(c), open ? ControlStatus.INCOMPLETE : ControlStatus.NO_CONTROLLER, null, party(top),
                h.basis, h.controlVotes, chain, false, why, List.of(), upper.gaps(), evidence(List.of(top), c));
    }

    /**
     * A 一致行动 group controls c. The joint controllers are the parties at the top of each member's own control chain
     * (a member acting through a holding company stands for that company's controller); a member whose controller the
     * data cannot tell leaves the answer INCOMPLETE.
     */
    private Controller jointly(int c, int group, List<Integer> tops, Party direct, List<Party> chain) {
        Holdings h = engine.of(c);
        List<String> gaps = new ArrayList<>();
        for (int t : tops) {
            if (engine.undecided(t)) {
                gaps.add("一致行动人 " + g.entity(t).name() + " 的控制关系无法确定（"
                        + String.join("；", uncontrolled(t, List.of()).gaps()) + "）");
            }
        }
        List<Party> joint = tops.stream().map(this::party).toList();
        List<EvidencePath> evidence = evidence(tops, c);
        if (!gaps.isEmpty()) {
            String why = party(group).name() + " " + h.basis.label + "，但" + String.join("；", gaps) + "，共同控制人不完整";
            return new Controller(party(c), ControlStatus.INCOMPLETE, null, direct, h.basis, h.controlVotes, chain, false,
                    why, joint, gaps, evidence);
        }
        String why = party(group).name() + " " + h.basis.label + "（" + Loader.pct(h.controlVotes) + "），共同实际控制人："
                + String.join("、", joint.stream().map(Party::name).toList());
        boolean state = joint.stream().allMatch(p -> p.kind() == EntityKind.STATE);
        return new Controller(party(c), ControlStatus.CONTROLLED, party(group), direct, h.basis, h.controlVotes, chain,
                state, why, joint, List.of(), evidence);
    }

    /** Shareholding paths from each controlling party down to c (at most 5 each), as evidence. */
    private List<EvidencePath> evidence(List<Integer> from, int c) {
        List<EvidencePath> out = new ArrayList<>();
        for (int f : from) {
            out.addAll(paths(f, c, 5));
        }
        return out;
    }

    /** The answer for a company at the top of its own control chain: nobody controls it, or the data cannot tell. */
    private Controller uncontrolled(int c, List<Party> chain) {
        Holdings h = engine.of(c);
        List<String> gaps = h.gaps;
        if (gaps.isEmpty() && g.holders(c).isEmpty()) {
            gaps = List.of("未登记任何股东");
        }
        if (gaps.isEmpty()) {
            return new Controller(party(c), ControlStatus.NO_CONTROLLER, null, null, h.basis, h.controlVotes, chain, false,
                    "无实际控制人：" + h.basis.label, List.of(), List.of(), List.of());
        }
        String why = h.basis == ControlBasis.EQUAL_HALVES ? "无法认定实际控制人：" + String.join("；", gaps)
                : "已知持股不足以确定实际控制人：" + String.join("；", gaps) + "。请补充这些股东的持股比例及其上层股东";
        return new Controller(party(c), ControlStatus.INCOMPLETE, null, null, h.basis, h.controlVotes, chain, false, why,
                List.of(), gaps, List.of());
    }

    /** The parties at the top of each member's control chain when n is a 一致行动 group node, else empty. */
    private List<Integer> memberTops(int n) {
        String ids = g.entity(n).attribute("concertMembers");
        if (ids == null) {
            return List.of();
        }
        return java.util.Arrays.stream(ids.split("\\|")).map(g::node).filter(x -> x >= 0).map(engine::top).distinct()
                .toList();
    }

    /** From the top of the control chain down to c. */
    private List<Party> chain(int c, int top) {
        List<Party> down = new ArrayList<>();
        BitSet seen = new BitSet();
        int cur = c;
        while (cur >= 0 && !seen.get(cur)) {
            seen.set(cur);
            down.add(party(cur));
            if (cur == top) {
                break;
            }
            int via = engine.of(cur).via;
            cur = via == cur ? -1 : via;
        }
        if (!seen.get(top)) {
            down.add(party(top));
        }
        java.util.Collections.reverse(down);
        return down;
    }

    BeneficialOwners beneficialOwners(int c) {
        Holdings h = engine.of(c);
        Map<Integer, List<OwnerBasis>> bases = new LinkedHashMap<>();
        for (int i = 0; i < h.roots.length; i++) {
            if (g.kind(h.roots[i]) == EntityKind.PERSON && h.shares[i] >= BO_THRESHOLD - OwnershipEngine.TINY) {
                GraphIndex.add(bases, h.roots[i], OwnerBasis.OWNERSHIP_25);
            }
        }
        Map<Integer, Double> votes = votesByTop(c);
        votes.forEach((p, v) -> {
            if (g.kind(p) == EntityKind.PERSON && v >= BO_THRESHOLD - OwnershipEngine.TINY) {
                GraphIndex.add(bases, p, OwnerBasis.VOTING_25);
            }
        });
        Controller ctl = controller(c);
        if (ctl.status() == ControlStatus.CONTROLLED && ctl.controller().kind() == EntityKind.PERSON) {
            GraphIndex.add(bases, g.node(ctl.controller().id()), OwnerBasis.CONTROL);
        }
        for (Party p : ctl.jointControllers()) {
            if (p.kind() == EntityKind.PERSON) {
                GraphIndex.add(bases, g.node(p.id()), OwnerBasis.CONTROL);
            }
        }
        Map<Integer, List<DeclaredInterest>> declared = declared(c);
        declared.keySet().forEach(p -> GraphIndex.add(bases, p, OwnerBasis.DECLARED));
        boolean fallback = bases.isEmpty();
        if (fallback) {
            seniorManagers(c).forEach(p -> GraphIndex.add(bases, p, OwnerBasis.SENIOR_MANAGER));
        }
        List<BeneficialOwner> owners = new ArrayList<>();
        bases.forEach((p, b) -> owners.add(new BeneficialOwner(party(p), b.stream().distinct().toList(), h.shareOf(p),
                votes.getOrDefault(p, 0.0), fallback ? List.of() : paths(p, c, 10),
                declared.getOrDefault(p, List.of()))));
        owners.sort(Comparator.comparingDouble(BeneficialOwner::ownership).reversed());
        return new BeneficialOwners(party(c), owners, fallback, h.incomplete(), stops(c), h.missing);
    }

    /** Votes in c grouped by the party at the top of each holder's control chain. */
    Map<Integer, Double> votesByTop(int c) {
        Map<Integer, Double> votes = new HashMap<>();
        for (Edge e : g.holders(c)) {
            if (!Double.isNaN(e.votes)) {
                votes.merge(engine.top(e.holder), e.votes, Double::sum);
            }
        }
        return votes;
    }

    private Map<Integer, List<DeclaredInterest>> declared(int c) {
        Map<Integer, List<DeclaredInterest>> m = new LinkedHashMap<>();
        for (DeclaredInterest i : g.interests.getOrDefault(c, List.of())) {
            int p = g.node(i.party());
            if (i.beneficialOwnershipOrControl() && p >= 0 && g.kind(p) == EntityKind.PERSON) {
                GraphIndex.add(m, p, i);
            }
        }
        return m;
    }

    private List<Integer> seniorManagers(int c) {
        List<Integer> managers = new ArrayList<>();
        for (OfficerRole role : List.of(OfficerRole.MANAGER, OfficerRole.LEGAL_REPRESENTATIVE)) {
            for (Officer o : g.officersOf(c)) {
                if (o.role() == role) {
                    managers.add(g.node(o.person()));
                }
            }
            if (!managers.isEmpty()) {
                return managers;
            }
        }
        return managers;
    }

    /** Up to {@code limit} shareholding chains from {@code from} down to {@code to}, largest product first. */
    List<EvidencePath> paths(int from, int to, int limit) {
        List<EvidencePath> found = new ArrayList<>();
        List<Edge> path = new ArrayList<>();
        BitSet onPath = new BitSet();
        onPath.set(to);
        int[] budget = {PATH_BUDGET};
        search(from, to, 1.0, path, onPath, found, budget);
        found.sort(Comparator.comparingDouble(EvidencePath::product).reversed());
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /** Iterative depth-first search upwards (holders of holders), so 10,000-level chains do not overflow the stack. */
    private void search(int from, int to, double product, List<Edge> path, BitSet onPath, List<EvidencePath> found,
                        int[] budget) {
        record Frame(int node, double product, int next) {
        }
        ArrayList<Frame> stack = new ArrayList<>();
        stack.add(new Frame(to, product, 0));
        while (!stack.isEmpty() && budget[0] > 0) {
            Frame f = stack.removeLast();
            List<Edge> holders = g.holders(f.node);
            if (f.next >= holders.size()) {
                onPath.clear(f.node);
                if (!path.isEmpty()) {
                    path.removeLast();
                }
                continue;
            }
            stack.add(new Frame(f.node, f.product, f.next + 1));
            Edge e = holders.get(f.next);
            budget[0]--;
            double p = e.unknown() ? f.product : f.product * e.equity;
            if (onPath.get(e.holder) || p < OwnershipEngine.PRUNE) {
                continue;
            }
            if (e.holder == from) {
                List<Edge> full = new ArrayList<>(path);
                full.add(e);
                found.add(evidence(full, p));
                continue;
            }
            if (engine.isRoot(e.holder) || !reaches(e.holder, from)) {
                continue;
            }
            path.add(e);
            onPath.set(e.holder);
            stack.add(new Frame(e.holder, p, 0));
        }
    }

    /**
     * Whether {@code from} is above {@code holder}: for an ultimate holder its share in the holder's computed vector says
     * so exactly (paths below the pruning threshold are not searched anyway); otherwise search on.
     */
    private boolean reaches(int holder, int from) {
        return !engine.isRoot(from) || engine.of(holder).shareOf(from) > 0;
    }

    private EvidencePath evidence(List<Edge> upward, double product) {
        List<PathStep> steps = new ArrayList<>();
        for (int i = upward.size() - 1; i >= 0; i--) {
            Edge e = upward.get(i);
            steps.add(new PathStep(party(e.holder), party(e.company), e.fact.equity(), e.fact.voting(), e.fact.source()));
        }
        return new EvidencePath(steps, product);
    }

    PenetrationNode penetrate(int c, int levels, boolean up, int maxNodes) {
        Map<Integer, Double> effective = up ? new Effective(g).up(c) : new Effective(g).down(c);
        int[] budget = {maxNodes};
        BitSet onPath = new BitSet();
        return node(c, null, levels, up, effective, onPath, budget);
    }

    private PenetrationNode node(int n, Double direct, int levels, boolean up, Map<Integer, Double> eff, BitSet onPath,
                                 int[] budget) {
        Double effective = direct == null ? null : eff.get(n);
        if (onPath.get(n)) {
            return new PenetrationNode(party(n), direct, effective, true, List.of());
        }
        List<PenetrationNode> children = new ArrayList<>();
        if (levels > 0) {
            onPath.set(n);
            for (Edge e : up ? g.holders(n) : g.holdings(n)) {
                if (budget[0]-- <= 0) {
                    break;
                }
                children.add(node(up ? e.holder : e.company, e.fact.equity(), levels - 1, up, eff, onPath, budget));
            }
            onPath.clear(n);
        }
        return new PenetrationNode(party(n), direct, effective, false, children);
    }
}
