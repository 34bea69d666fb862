package dev.zhiyu.knowledge;

import java.util.ArrayDeque;
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
    private final ShareVectors shares;
    private final ControlDecider control;
    private Holdings[] results = new Holdings[0];
    /** The next version, computed beside readers by one writer thread; null when no write is computing. */
    private Map<Integer, Holdings> pending;
    private Thread computing;
    private static final Holdings NOT_YET = new Holdings(new int[0], new double[0], 1, false);

    OwnershipEngine(GraphIndex g) {
        this.g = g;
        this.shares = new ShareVectors(g, this);
        this.control = new ControlDecider(g, this);
    }

    Holdings of(int company) {
        Holdings h = current(company);
        return h == null ? Holdings.EMPTY : h;
    }

    /** The writer computing a version sees it; everyone else sees the published one. */
    private Holdings current(int n) {
        Map<Integer, Holdings> p = pending;
        if (p != null && Thread.currentThread() == computing) {
            Holdings h = p.get(n);
            if (h != null) {
                return h == NOT_YET ? null : h;
            }
        }
        Snapshot.View v = lazy;
        if (v != null) {
            return v.locked(() -> v.result(n));
        }
        Holdings[] r = results;
        return n < r.length ? r[n] : null;
    }

    /** The result in the published array (snapshot reading). */
    Holdings stored(int n) {
        return results[n];
    }

    void store(int n, Holdings h) {
        results[n] = h;
    }

    private void set(int n, Holdings h) {
        if (pending != null && Thread.currentThread() == computing) {
            pending.put(n, h == null ? NOT_YET : h);
        } else {
            results[n] = h;
        }
    }

    /** Makes room for parties a load added (caller holds the write lock). */
    void grow() {
        if (results.length < g.size()) {
            results = Arrays.copyOf(results, g.size());
        }
    }

    /** All computed results, by node (snapshots). */
    Holdings[] results() {
        return results;
    }

    /** While a snapshot is read node by node: where results not decoded yet come from (null once all are). */
    volatile Snapshot.View lazy;

    /** Results to be read back from a snapshot of the same index (null: all read). */
    void restore(Holdings[] r, Snapshot.View from) {
        results = r;
        lazy = from;
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
        grow();
        return computeAffected(changed);
    }

    /**
     * Computes the next version of the companies a write touched, and of everything they hold, without changing what
     * readers see; {@link #publish} makes it visible (or {@link #discard} drops it). Returns how many were computed.
     */
    int computeVersion(List<Integer> changed) {
        pending = new HashMap<>();
        computing = Thread.currentThread();
        return computeAffected(changed);
    }

    /** Caller holds the write lock. */
    void publish() {
        grow();
        if (pending != null) {
            pending.forEach((n, h) -> results[n] = h == NOT_YET ? null : h);
        }
        discard();
    }

    void discard() {
        pending = null;
        computing = null;
    }

    private int computeAffected(List<Integer> changed) {
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
        affected.stream().forEach(n -> set(n, null));
        compute(affected);
        return affected.cardinality();
    }

    private void compute(BitSet affected) {
        shares.ensureCapacity();
        new Components(g, affected).forEachHoldersFirst(this::solve);
    }

    private void solve(int[] component) {
        if (component.length == 1 && !selfLoop(component[0])) {
            int c = component[0];
            set(c, shares.of(c));
            control.decide(c);
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
            set(c, new Holdings(new int[0], new double[0], 0, false));
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double delta = 0;
            for (int c : component) {
                Holdings before = current(c);
                Holdings after = shares.of(c);
                delta = Math.max(delta, Math.abs(ShareVectors.total(after) - ShareVectors.total(before)));
                set(c, after);
            }
            if (delta < 1e-13) {
                break;
            }
        }
        for (int c : component) {
            set(c, shares.withLoopMass(c, current(c)));
        }
        control.decideCycle(component);
    }

    /** The party at the top of n's control chain: n itself when nobody controls it. */
    int top(int n) {
        if (!g.kind(n).holdable()) {
            return n;
        }
        Holdings h = current(n);
        return h == null || h.top < 0 ? n : h.top;
    }

    /** Whether n is a company whose own controller cannot be told from the data (its votes are unknown mass above). */
    boolean undecided(int n) {
        if (!g.kind(n).holdable() || top(n) != n) {
            return false;
        }
        Holdings h = current(n);
        return g.holders(n).isEmpty() || h == null || !h.gaps.isEmpty();
    }
}
