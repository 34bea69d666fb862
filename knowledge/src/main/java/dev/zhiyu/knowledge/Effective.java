package dev.zhiyu.knowledge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairwise effective shares around one company, for penetration trees. Up: E(y, c) = L[y][c] / L[y][y] with L the
 * Leontief inverse (walk sums), i.e. walks that come back to the holder y are not counted again. Down: E(c, x) = walks
 * from c that never pass c again. Both equal the engine's fixed point on acyclic data.
 */
final class Effective {
    private static final int MAX_NODES = 200_000;
    private static final int MAX_ITERATIONS = 10_000;
    private final GraphIndex g;

    Effective(GraphIndex g) {
        this.g = g;
    }

    /** Effective share of every holder above {@code c} in {@code c}; empty when the neighbourhood is too large. */
    Map<Integer, Double> up(int c) {
        BitSet closure = closure(c, true);
        if (closure == null) {
            return Map.of();
        }
        List<int[]> order = new ArrayList<>();
        new Components(g, closure).forEachHoldersFirst(order::add);
        Collections.reverse(order);
        Map<Integer, Double> w = new HashMap<>();
        w.put(c, 1.0);
        for (int[] comp : order) {
            iterate(comp, n -> n == c ? 1.0 : sumDown(n, w), w);
        }
        for (int[] comp : order) {
            if (comp.length > 1) {
                for (int y : comp) {
                    if (y != c) {
                        w.put(y, w.get(y) * (1 - returnWeight(y, c, comp)));
                    }
                }
            }
        }
        w.remove(c);
        return w;
    }

    /** Effective share {@code c} holds in every company below it. */
    Map<Integer, Double> down(int c) {
        BitSet closure = closure(c, false);
        if (closure == null) {
            return Map.of();
        }
        List<int[]> order = new ArrayList<>();
        new Components(g, closure).forEachHoldersFirst(order::add);
        Map<Integer, Double> w = new HashMap<>();
        w.put(c, 1.0);
        for (int[] comp : order) {
            iterate(comp, n -> n == c ? 1.0 : sumUp(n, w), w);
        }
        w.remove(c);
        return w;
    }

    private double sumDown(int y, Map<Integer, Double> w) {
        double s = 0;
        for (Edge e : g.holdings(y)) {
            if (!e.unknown()) {
                s += e.equity * w.getOrDefault(e.company, 0.0);
            }
        }
        return s;
    }

    private double sumUp(int x, Map<Integer, Double> w) {
        double s = 0;
        for (Edge e : g.holders(x)) {
            if (!e.unknown()) {
                s += e.equity * w.getOrDefault(e.holder, 0.0);
            }
        }
        return s;
    }

    private static void iterate(int[] comp, java.util.function.IntToDoubleFunction f, Map<Integer, Double> w) {
        for (int it = 0; it < (comp.length == 1 ? 1 : MAX_ITERATIONS); it++) {
            double delta = 0;
            for (int n : comp) {
                double v = f.applyAsDouble(n);
                delta = Math.max(delta, Math.abs(v - w.getOrDefault(n, 0.0)));
                w.put(n, v);
            }
            if (delta < 1e-13) {
                return;
            }
        }
    }

    /** Weight of walks y → … → y (y holding down the loop) that avoid c, within one component. */
    private double returnWeight(int y, int c, int[] comp) {
        BitSet in = new BitSet();
        for (int n : comp) {
            in.set(n);
        }
        Map<Integer, Double> z = new HashMap<>();
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double delta = 0;
            for (int x : comp) {
                if (x == y || x == c) {
                    continue;
                }
                double v = 0;
                for (Edge e : g.holders(x)) {
                    if (e.unknown() || !in.get(e.holder) || e.holder == c) {
                        continue;
                    }
                    v += e.equity * (e.holder == y ? 1 : z.getOrDefault(e.holder, 0.0));
                }
                delta = Math.max(delta, Math.abs(v - z.getOrDefault(x, 0.0)));
                z.put(x, v);
            }
            if (delta < 1e-13) {
                break;
            }
        }
        double r = 0;
        for (Edge e : g.holders(y)) {
            if (!e.unknown() && in.get(e.holder) && e.holder != c) {
                r += e.equity * (e.holder == y ? 1 : z.getOrDefault(e.holder, 0.0));
            }
        }
        return Math.min(r, 1);
    }

    private BitSet closure(int c, boolean upward) {
        BitSet seen = new BitSet();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen.set(c);
        queue.add(c);
        int count = 1;
        while (!queue.isEmpty()) {
            int n = queue.poll();
            for (Edge e : upward ? g.holders(n) : g.holdings(n)) {
                int next = upward ? e.holder : e.company;
                if (!seen.get(next)) {
                    if (++count > MAX_NODES) {
                        return null;
                    }
                    seen.set(next);
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
