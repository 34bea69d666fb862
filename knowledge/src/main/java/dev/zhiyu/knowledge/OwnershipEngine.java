package dev.zhiyu.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Effective ownership and control for every company, computed over the index. Ultimate holders' shares solve
 * V(c) = Σ share(h,c)·V(h) with V(root) = unit vector — a fixed point, so cross-holdings are not counted round the loop.
 * Companies are processed holders-first by strongly connected components; inside a cycle the system is iterated
 * (Gauss–Seidel from zero, monotone, converging because each loop keeps less than 100%).
 */
final class OwnershipEngine {
    static final double TINY = 1e-9;
    /** Ultimate-holder shares below this are dropped: 0.0001% cannot change any 25%/30%/50% answer. */
    static final double PRUNE = 1e-6;
    private static final int MAX_ITERATIONS = 10_000;

    private final GraphIndex g;
    private Holdings[] results = new Holdings[0];
    private double[] scratch = new double[0];
    private final BitSet scratchUsed = new BitSet();
    private int[] scratchList = new int[16];
    private int scratchCount;

    OwnershipEngine(GraphIndex g) {
        this.g = g;
    }

    Holdings of(int company) {
        Holdings h = company < results.length ? results[company] : null;
        return h == null ? Holdings.EMPTY : h;
    }

    boolean isRoot(int n) {
        return !g.kind(n).holdable() || g.holders(n).isEmpty();
    }

    /** Recomputes everything. */
    void recomputeAll() {
        results = new Holdings[g.size()];
        BitSet all = new BitSet(g.size());
        for (int n = 0; n < g.size(); n++) {
            if (g.kind(n).holdable()) {
                all.set(n);
            }
        }
        compute(all);
    }

    /** Recomputes the given companies and everything they hold, directly or indirectly; returns how many. */
    int recompute(List<Integer> changed) {
        if (results.length < g.size()) {
            results = Arrays.copyOf(results, g.size());
        }
        BitSet affected = new BitSet(g.size());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c : changed) {
            if (!affected.get(c) && g.kind(c).holdable()) {
                affected.set(c);
                queue.add(c);
            }
        }
        while (!queue.isEmpty()) {
            for (Edge e : g.holdings(queue.poll())) {
                if (!affected.get(e.company)) {
                    affected.set(e.company);
                    queue.add(e.company);
                }
            }
        }
        affected.stream().forEach(n -> results[n] = null);
        compute(affected);
        return affected.cardinality();
    }

    private void compute(BitSet affected) {
        ensureScratch();
        new Components(g, affected).forEachHoldersFirst(this::solve);
    }

    private void solve(int[] component) {
        if (component.length == 1 && !selfLoop(component[0])) {
            int c = component[0];
            results[c] = vector(c);
            control(c);
            return;
        }
        solveCycle(component);
    }

    private boolean selfLoop(int c) {
        for (Edge e : g.holders(c)) {
            if (e.holder == c) {
                return true;
            }
        }
        return false;
    }

    private void solveCycle(int[] component) {
        for (int c : component) {
            results[c] = new Holdings(new int[0], new double[0], 0, false);
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double delta = 0;
            for (int c : component) {
                Holdings before = results[c];
                Holdings after = vector(c);
                delta = Math.max(delta, Math.abs(total(after) - total(before)));
                results[c] = after;
            }
            if (delta < 1e-13) {
                break;
            }
        }
        for (int c : component) {
            results[c] = withLoopMass(c, results[c]);
        }
        for (int round = 0; round <= component.length + 1; round++) {
            boolean changed = false;
            for (int c : component) {
                int before = results[c].top;
                control(c);
                changed |= before != results[c].top;
            }
            if (!changed) {
                break;
            }
        }
        settleControlLoops(component);
    }

    /**
     * Control can run round a ring (each member controlled by the previous one): then no party is at the top. One
     * member of each such loop is pinned as its own top (CIRCULAR) and every member points at the settled top, so
     * {@code top(top(n)) == top(n)} holds and nothing that follows tops can loop.
     */
    private void settleControlLoops(int[] component) {
        BitSet in = new BitSet();
        for (int c : component) {
            in.set(c);
        }
        for (int c : component) {
            BitSet seen = new BitSet();
            int t = c;
            while (in.get(t) && !seen.get(t) && top(t) != t) {
                seen.set(t);
                t = top(t);
            }
            if (in.get(t) && seen.get(t)) {
                results[t].top = t;
                results[t].basis = ControlBasis.CIRCULAR;
            }
        }
        for (int c : component) {
            int t = c;
            for (int steps = 0; top(t) != t && steps <= component.length; steps++) {
                t = top(t);
            }
            results[c].top = t;
        }
    }

    private static double total(Holdings h) {
        double s = h.missing;
        for (double x : h.shares) {
            s += x;
        }
        return s;
    }

    /** Shares held round a closed loop reach no outside holder: count them as missing rather than owned. */
    private Holdings withLoopMass(int c, Holdings h) {
        double known = g.equityTotal(c, -1);
        double lost = g.entity(c).listed() ? known - total(h) : 1 - total(h);
        if (lost <= TINY) {
            return h;
        }
        return new Holdings(h.roots, h.shares, h.missing + lost, h.unknownShare);
    }

    private Holdings vector(int c) {
        scratchCount = 0;
        double known = 0;
        double missing = 0;
        boolean unknown = false;
        for (Edge e : g.holders(c)) {
            if (e.unknown()) {
                unknown = true;
                continue;
            }
            known += e.equity;
            int h = e.holder;
            if (isRoot(h)) {
                add(h, e.equity);
                if (g.kind(h).holdable()) {
                    missing += e.equity;
                }
                continue;
            }
            Holdings hv = results[h];
            if (hv == null) {
                hv = of(h);
            }
            for (int i = 0; i < hv.roots.length; i++) {
                add(hv.roots[i], e.equity * hv.shares[i]);
            }
            missing += e.equity * hv.missing;
            unknown |= hv.unknownShare;
        }
        if (!g.entity(c).listed()) {
            missing += Math.max(0, 1 - known);
        }
        return drain(Math.min(1, missing), unknown);
    }

    private void ensureScratch() {
        if (scratch.length < g.size()) {
            scratch = new double[g.size()];
        }
    }

    private void add(int root, double share) {
        if (!scratchUsed.get(root)) {
            scratchUsed.set(root);
            if (scratchCount == scratchList.length) {
                scratchList = Arrays.copyOf(scratchList, scratchCount * 2);
            }
            scratchList[scratchCount++] = root;
        }
        scratch[root] += share;
    }

    private Holdings drain(double missing, boolean unknown) {
        int kept = 0;
        int[] roots = new int[scratchCount];
        double[] shares = new double[scratchCount];
        for (int i = 0; i < scratchCount; i++) {
            int r = scratchList[i];
            if (scratch[r] >= PRUNE) {
                roots[kept] = r;
                shares[kept++] = scratch[r];
            }
            scratch[r] = 0;
            scratchUsed.clear(r);
        }
        return new Holdings(Arrays.copyOf(roots, kept), Arrays.copyOf(shares, kept), missing, unknown);
    }

    /** The party at the top of n's control chain: n itself when nobody controls it. */
    int top(int n) {
        if (!g.kind(n).holdable()) {
            return n;
        }
        Holdings h = n < results.length ? results[n] : null;
        return h == null || h.top < 0 ? n : h.top;
    }

    private void control(int c) {
        Holdings h = results[c];
        Map<Integer, Double> votes = new HashMap<>();
        Map<Integer, Integer> bestHolder = new HashMap<>();
        for (Edge e : g.holders(c)) {
            if (Double.isNaN(e.votes)) {
                continue;
            }
            int k = top(e.holder);
            votes.merge(k, e.votes, Double::sum);
            Integer best = bestHolder.get(k);
            if (best == null || e.votes > votesOf(c, best)) {
                bestHolder.put(k, e.holder);
            }
        }
        actInConcert(c, votes, bestHolder);
        Decision d = decide(c, votes);
        List<String> gaps = new Uncertainty(this, g, c, votes).gaps(d);
        if (!gaps.isEmpty()) {
            d = new Decision(-1, ControlBasis.NONE, d.votes);
        }
        h.gaps = gaps;
        h.basis = d.basis;
        h.controlVotes = d.votes;
        if (d.key < 0) {
            h.top = c;
            h.via = -1;
            return;
        }
        if (d.key == c) {
            h.top = c;
            h.via = -1;
            h.basis = ControlBasis.CIRCULAR;
            return;
        }
        h.top = d.key;
        Integer via = d.via >= 0 ? Integer.valueOf(d.via) : bestHolder.get(d.key);
        h.via = via != null ? via : d.key;
    }

    /** Parties under a 一致行动协议 on c vote as their group: their tops' votes move to the group node. */
    private void actInConcert(int c, Map<Integer, Double> votes, Map<Integer, Integer> bestHolder) {
        for (var group : g.concerts.getOrDefault(c, Map.of()).entrySet()) {
            double sum = 0;
            double best = -1;
            for (int member : group.getValue()) {
                int k = top(member);
                Double v = votes.remove(k);
                if (v != null) {
                    sum += v;
                    Integer h = bestHolder.remove(k);
                    if (h != null && votesOf(c, h) > best) {
                        best = votesOf(c, h);
                        bestHolder.put(group.getKey(), h);
                    }
                }
            }
            if (sum > 0) {
                votes.merge(group.getKey(), sum, Double::sum);
            }
        }
    }

    /** The group node standing for n on c when n's top acts in concert there, else n's top. */
    private int concertTop(int c, int n) {
        int k = top(n);
        for (var group : g.concerts.getOrDefault(c, Map.of()).entrySet()) {
            for (int member : group.getValue()) {
                if (top(member) == k) {
                    return group.getKey();
                }
            }
        }
        return k;
    }

    private double votesOf(int company, int holder) {
        for (Edge e : g.holders(company)) {
            if (e.holder == holder) {
                return e.votes;
            }
        }
        return 0;
    }

    /** Whether n is a company whose own controller cannot be told from the data (its votes are unknown mass above). */
    boolean undecided(int n) {
        if (!g.kind(n).holdable() || top(n) != n) {
            return false;
        }
        Holdings h = n < results.length ? results[n] : null;
        return g.holders(n).isEmpty() || h == null || !h.gaps.isEmpty();
    }

    record Decision(int key, ControlBasis basis, double votes, int via) {
        Decision(int key, ControlBasis basis, double votes) {
            this(key, basis, votes, -1);
        }
    }

    private Decision decide(int c, Map<Integer, Double> votes) {
        int partner = executivePartner(c);
        if (partner >= 0) {
            return new Decision(top(partner), ControlBasis.EXECUTIVE_PARTNER, votes.getOrDefault(top(partner), 0.0), partner);
        }
        int first = -1;
        double max = 0;
        double second = 0;
        for (var v : votes.entrySet()) {
            if (v.getValue() > max) {
                second = max;
                max = v.getValue();
                first = v.getKey();
            } else if (v.getValue() > second) {
                second = v.getValue();
            }
        }
        if (max > 0.5 + TINY) {
            return new Decision(first, ControlBasis.VOTES_OVER_50, max);
        }
        int board = boardMajority(c);
        if (board >= 0) {
            return new Decision(board, ControlBasis.BOARD_MAJORITY, votes.getOrDefault(board, 0.0));
        }
        if (max > 0.3 + TINY && max > second + TINY) {
            return new Decision(first, ControlBasis.VOTES_OVER_30, max);
        }
        return new Decision(-1, ControlBasis.NONE, max);
    }

    /** The single executive partner of a partnership, or -1 (none, or several: then no one alone). */
    private int executivePartner(int c) {
        int found = -1;
        for (Officer o : g.officersOf(c)) {
            if (o.role() == OfficerRole.EXECUTIVE_PARTNER) {
                int p = g.node(o.person());
                if (found >= 0 && found != p) {
                    return -1;
                }
                found = p;
            }
        }
        return found;
    }

    /** The party whose nominees hold more than half of the board seats, or -1 (also when there is no board data). */
    private int boardMajority(int c) {
        List<Officer> board = new ArrayList<>();
        for (Officer o : g.officersOf(c)) {
            if (o.role().onBoard()) {
                board.add(o);
            }
        }
        Map<Integer, Integer> seats = new HashMap<>();
        for (Officer o : board) {
            if (o.nominatedBy() != null) {
                seats.merge(concertTop(c, g.node(o.nominatedBy())), 1, Integer::sum);
            }
        }
        for (var s : seats.entrySet()) {
            if (s.getValue() * 2 > board.size()) {
                return s.getKey();
            }
        }
        return -1;
    }
}
