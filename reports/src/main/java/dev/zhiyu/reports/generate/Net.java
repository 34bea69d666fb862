package dev.zhiyu.reports.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The network's weights and its inference in plain Java (thread-safe, no ND4J per call; the SameDiff graph in
 * {@link Graph} computes the same functions for training). Record encoder → self-attention → content-selection gate
 * → pointer-network planner → decoder attending over the plan, choosing a word piece or a copy of a plan item.
 */
final class Net {
    final Dims dims;
    final Map<String, float[][]> w;

    /** The decoder's output: word pieces and copies (plan position → record) in order. */
    record Output(List<Integer> plan, List<Step> steps, double[] selection) {
    }

    /** A word piece id, or a copy of record {@code record} (piece = -1). */
    record Step(int piece, int record) {
    }

    /** Which vocabulary pieces are line breaks (the decoder's section feature counts them). */
    private final boolean[] newline;

    Net(Dims dims, Map<String, float[][]> w, boolean[] newline) {
        this.dims = dims;
        this.w = w;
        this.newline = newline;
    }

    /** Decoder section feature: how many line breaks precede the token (0 headline, 1 figures, 2+ anomalies). */
    static final int SECTIONS = 3;

    /** Shapes of every weight, in a fixed order (the graph and the saved file use the same names). */
    static Map<String, int[]> shapes(Dims d) {
        int f = d.features(), h = d.hidden(), v = d.vocab();
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("Wr", new int[]{f, h}); m.put("br", new int[]{1, h}); m.put("Wq", new int[]{h, h});
        m.put("Wm", new int[]{2 * h, h}); m.put("bm", new int[]{1, h}); m.put("ws", new int[]{2 * h, 1}); m.put("bs", new int[]{1, 1});
        m.put("Wu", new int[]{2 * h, h}); m.put("bu", new int[]{1, h});
        m.put("Wpl", new int[]{h, h}); m.put("wstop", new int[]{h, 1}); m.put("bstop", new int[]{1, 1});
        m.put("Pos", new int[]{d.plan(), h}); m.put("E", new int[]{v, h}); m.put("Wc", new int[]{h, h});
        m.put("E2", new int[]{v, h}); m.put("Wc2", new int[]{h, h});
        m.put("W1", new int[]{3 * h + SECTIONS, h}); m.put("b1", new int[]{1, h}); m.put("W2", new int[]{h, h}); m.put("b2", new int[]{1, h});
        m.put("Wa", new int[]{h, h}); m.put("Wo", new int[]{2 * h, h}); m.put("bo", new int[]{1, h});
        m.put("Wv", new int[]{h, v}); m.put("bv", new int[]{1, v}); m.put("Wp", new int[]{h, h});
        return m;
    }

    /** Xavier-uniform weights, zero biases, from a seeded generator (training is reproducible). */
    static Map<String, float[][]> init(Dims d, long seed) {
        Random rnd = new Random(seed);
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (var e : shapes(d).entrySet()) {
            int rows = e.getValue()[0], cols = e.getValue()[1];
            float[][] a = new float[rows][cols];
            double limit = Math.sqrt(6.0 / (rows + cols));
            if (rows > 1) for (float[] row : a) for (int j = 0; j < cols; j++) row[j] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
            out.put(e.getKey(), a);
        }
        return out;
    }

    Output run(List<float[]> features, int maxTokens) {
        return run(encode(features), maxTokens);
    }

    /** Unconstrained greedy decoding of an encoded input. */
    Output run(Encoded e, int maxTokens) {
        return new Output(e.plan(), decode(e, maxTokens), e.selection());
    }

    /** The encoder and planner's result: selection probabilities, the plan, and each plan item's decoder representation. */
    record Encoded(double[] selection, List<Integer> plan, float[][] reps) {
    }

    /**
     * What the decoder conditions on at a step: the previous token and the one before it (a piece id, or a plan
     * position when {@code copy ≥ 0}), the last copied plan position and the number of line breaks so far.
     */
    record State(int piece, int copy, int piece2, int copy2, int lastCopy, int newlines) {
        static final State START = new State(Vocabulary.BOS, -1, Vocabulary.PAD, -1, -1, 0);

        State afterCopy(int j) { return new State(Vocabulary.PAD, j, piece, copy, j, newlines); }

        State afterPiece(int v, boolean newline) { return new State(v, -1, piece, copy, lastCopy, newlines + (newline ? 1 : 0)); }
    }

    Encoded encode(List<float[]> features) {
        int n = features.size(), h = dims.hidden();
        float[][] r = new float[n][];
        for (int i = 0; i < n; i++) r[i] = tanh(add(mul(features.get(i), w.get("Wr")), w.get("br")[0]));
        float[][] rg = new float[n][];
        double[] sel = new double[n];
        for (int i = 0; i < n; i++) {
            float[] q = mul(r[i], w.get("Wq"));
            float[] a = new float[n];
            for (int j = 0; j < n; j++) a[j] = dot(q, r[j]);
            softmax(a);
            float[] c = new float[h];
            for (int j = 0; j < n; j++) axpy(a[j], r[j], c);
            float[] rc = concat(r[i], c);
            sel[i] = sigmoid(dot(rc, col(w.get("ws"))) + w.get("bs")[0][0]);
            rg[i] = tanh(add(mul(rc, w.get("Wm")), w.get("bm")[0]));
            scale(rg[i], (float) sel[i]);
        }
        List<Integer> plan = plan(rg, sel);
        float[][] reps = new float[plan.size()][];
        for (int j = 0; j < plan.size(); j++) reps[j] = add(rg[plan.get(j)], w.get("Pos")[j]);
        return new Encoded(sel, plan, reps);
    }

    /** Pointer network: each step scores the selected, not yet planned records against STOP. */
    private List<Integer> plan(float[][] rg, double[] sel) {
        int h = dims.hidden();
        List<Integer> plan = new ArrayList<>();
        boolean[] used = new boolean[rg.length];
        float[] prev = new float[h], sum = new float[h];
        while (plan.size() < dims.plan()) {
            float[] cov = new float[h];
            if (!plan.isEmpty()) axpy(1f / plan.size(), sum, cov);
            float[] u = tanh(add(mul(concat(prev, cov), w.get("Wu")), w.get("bu")[0]));
            float[] ql = mul(u, w.get("Wpl"));
            int best = -1;
            float bestScore = dot(u, col(w.get("wstop"))) + w.get("bstop")[0][0];
            for (int i = 0; i < rg.length; i++) {
                if (used[i] || sel[i] < 0.5) continue;
                float s = dot(ql, rg[i]);
                if (s > bestScore) {
                    bestScore = s;
                    best = i;
                }
            }
            if (best < 0) break;
            used[best] = true;
            plan.add(best);
            prev = rg[best];
            axpy(1f, rg[best], sum);
        }
        return plan;
    }

    /** Whether vocabulary piece {@code v} is a line break. */
    boolean newline(int v) { return newline[v]; }

    /**
     * Unconstrained greedy decoding: the best piece (never PAD, BOS or UNK) unless a copy of a plan item scores
     * higher; stops at EOS.
     */
    private List<Step> decode(Encoded e, int maxTokens) {
        int v = dims.vocab();
        List<Step> out = new ArrayList<>();
        State s = State.START;
        for (int t = 0; t < maxTokens; t++) {
            float[] z = logits(e.reps(), s);
            int best = Vocabulary.EOS;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int p = Vocabulary.EOS; p < v; p++) if (p != Vocabulary.UNK && z[p] > bestScore) {
                bestScore = z[p];
                best = p;
            }
            int copy = -1;
            for (int j = 0; j < e.reps().length; j++) if (z[v + j] > bestScore) {
                bestScore = z[v + j];
                copy = j;
            }
            if (copy >= 0) {
                out.add(new Step(-1, e.plan().get(copy)));
                s = s.afterCopy(copy);
            } else {
                if (best == Vocabulary.EOS) break;
                out.add(new Step(best, -1));
                s = s.afterPiece(best, newline[best]);
            }
        }
        return out;
    }

    /** One decoder step: scores of every vocabulary piece, then of a copy of each plan position (unnormalised). */
    float[] logits(float[][] reps, State s) {
        int l = reps.length, h = dims.hidden(), v = dims.vocab();
        float[] e1 = s.copy() >= 0 ? mul(reps[s.copy()], w.get("Wc")) : w.get("E")[s.piece()];
        float[] e2 = s.copy2() >= 0 ? mul(reps[s.copy2()], w.get("Wc2")) : w.get("E2")[s.piece2()];
        float[] x = new float[3 * h + SECTIONS];
        System.arraycopy(e1, 0, x, 0, h);
        System.arraycopy(e2, 0, x, h, h);
        if (s.lastCopy() >= 0) System.arraycopy(reps[s.lastCopy()], 0, x, 2 * h, h);
        x[3 * h + Math.min(s.newlines(), SECTIONS - 1)] = 1;
        float[] hid = tanh(add(mul(tanh(add(mul(x, w.get("W1")), w.get("b1")[0])), w.get("W2")), w.get("b2")[0]));
        float[] q = mul(hid, w.get("Wa"));
        float[] ctx = new float[h];
        if (l > 0) {
            float[] a = new float[l];
            for (int j = 0; j < l; j++) a[j] = dot(q, reps[j]);
            softmax(a);
            for (int j = 0; j < l; j++) axpy(a[j], reps[j], ctx);
        }
        float[] o = tanh(add(mul(concat(hid, ctx), w.get("Wo")), w.get("bo")[0]));
        float[] lv = add(mul(o, w.get("Wv")), w.get("bv")[0]);
        float[] pp = mul(o, w.get("Wp"));
        float[] z = java.util.Arrays.copyOf(lv, v + l);
        for (int j = 0; j < l; j++) z[v + j] = dot(pp, reps[j]);
        return z;
    }

    static float[] mul(float[] x, float[][] m) {
        float[] out = new float[m[0].length];
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0) continue;
            float[] row = m[i];
            for (int j = 0; j < out.length; j++) out[j] += xi * row[j];
        }
        return out;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static void scale(float[] x, float a) {
        for (int i = 0; i < x.length; i++) x[i] *= a;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] col(float[][] m) {
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) out[i] = m[i][0];
        return out;
    }

    private static float[] tanh(float[] x) {
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.tanh(x[i]);
        return x;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private static void softmax(float[] a) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : a) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] = (float) Math.exp(a[i] - max);
        for (int i = 0; i < a.length; i++) a[i] /= (float) sum;
    }
}
