package dev.zhiyu.knowledge;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One company's ultimate holders and their effective shares, built from its direct holders' already computed shares.
 * The sum runs in a scratch array indexed by node, reused across companies so a large graph allocates once.
 */
final class ShareVectors {
    private final GraphIndex g;
    private final OwnershipEngine engine;
    private double[] scratch = new double[0];
    private final BitSet scratchUsed = new BitSet();
    private int[] scratchList = new int[16];
    private int scratchCount;

    ShareVectors(GraphIndex g, OwnershipEngine engine) {
        this.g = g;
        this.engine = engine;
    }

    void ensureCapacity() {
        if (scratch.length < g.size()) {
            scratch = new double[g.size()];
        }
    }

    static double total(Holdings h) {
        double s = h.missing;
        for (double x : h.shares) {
            s += x;
        }
        return s;
    }

    /** Shares held round a closed loop reach no outside holder: count them as missing rather than owned. */
    Holdings withLoopMass(int c, Holdings h) {
        double known = g.equityTotal(c, -1);
        double lost = g.entity(c).listed() ? known - total(h) : 1 - total(h);
        if (lost <= OwnershipEngine.TINY) {
            return h;
        }
        return new Holdings(h.roots, h.shares, h.missing + lost, h.unknownShare);
    }

    /** c's ultimate holders with their effective shares, from the current holdings of c's direct holders. */
    Holdings of(int c) {
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
            if (engine.isRoot(h)) {
                add(h, e.equity);
                if (g.kind(h).holdable()) {
                    missing += e.equity;
                }
                continue;
            }
            Holdings hv = engine.of(h);
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
            if (scratch[r] >= OwnershipEngine.PRUNE) {
                roots[kept] = r;
                shares[kept++] = scratch[r];
            }
            scratch[r] = 0;
            scratchUsed.clear(r);
        }
        return new Holdings(Arrays.copyOf(roots, kept), Arrays.copyOf(shares, kept), missing, unknown);
    }
}
