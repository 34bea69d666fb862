package dev.zhiyu.knowledge;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Tarjan's strongly connected components over "is held by" edges, restricted to a set of companies, iterative so that
 * 10,000-level chains cannot overflow the stack. Components come out holders-first.
 */
final class Components {
    private final GraphIndex g;
    private final BitSet within;
    private final Slots index;
    private final Slots low;
    private final BitSet onStack = new BitSet();
    private int[] stack = new int[64];
    private int sp;
    private int counter = 1;

    Components(GraphIndex g, BitSet within) {
        this.g = g;
        this.within = within;
        boolean dense = within.cardinality() > g.size() / 64;
        this.index = dense ? new Slots.Dense(g.size()) : new Slots.Sparse();
        this.low = dense ? new Slots.Dense(g.size()) : new Slots.Sparse();
    }

    void forEachHoldersFirst(Consumer<int[]> sink) {
        for (int n = within.nextSetBit(0); n >= 0; n = within.nextSetBit(n + 1)) {
            if (index.get(n) == 0) {
                visit(n, sink);
            }
        }
    }

    private void visit(int start, Consumer<int[]> sink) {
        int[] callNode = new int[64];
        int[] callEdge = new int[64];
        int depth = 0;
        callNode[0] = start;
        enter(start);
        while (depth >= 0) {
            int v = callNode[depth];
            var holders = g.holders(v);
            int i = callEdge[depth];
            if (i < holders.size()) {
                callEdge[depth] = i + 1;
                int w = holders.get(i).holder;
                if (!within.get(w)) {
                    continue;
                }
                if (index.get(w) == 0) {
                    if (++depth == callNode.length) {
                        callNode = Arrays.copyOf(callNode, depth * 2);
                        callEdge = Arrays.copyOf(callEdge, depth * 2);
                    }
                    callNode[depth] = w;
                    callEdge[depth] = 0;
                    enter(w);
                } else if (onStack.get(w)) {
                    low.set(v, Math.min(low.get(v), index.get(w)));
                }
                continue;
            }
            if (low.get(v) == index.get(v)) {
                sink.accept(pop(v));
            }
            depth--;
            if (depth >= 0) {
                int parent = callNode[depth];
                low.set(parent, Math.min(low.get(parent), low.get(v)));
            }
        }
    }

    private void enter(int v) {
        index.set(v, counter);
        low.set(v, counter++);
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
        }
        stack[sp++] = v;
        onStack.set(v);
    }

    private int[] pop(int v) {
        int end = sp;
        do {
            onStack.clear(stack[--sp]);
        } while (stack[sp] != v);
        return Arrays.copyOfRange(stack, sp, end);
    }

    /** Per-node ints: an array for whole-graph runs, a map for small neighbourhoods (queries, incremental updates). */
    interface Slots {
        int get(int n);

        void set(int n, int v);

        record Dense(int[] a) implements Slots {
            Dense(int size) {
                this(new int[size]);
            }

            public int get(int n) {
                return a[n];
            }

            public void set(int n, int v) {
                a[n] = v;
            }
        }

        record Sparse(java.util.HashMap<Integer, Integer> m) implements Slots {
            Sparse() {
                this(new java.util.HashMap<>());
            }

            public int get(int n) {
                return m.getOrDefault(n, 0);
            }

            public void set(int n, int v) {
                m.put(n, v);
            }
        }
    }
}
