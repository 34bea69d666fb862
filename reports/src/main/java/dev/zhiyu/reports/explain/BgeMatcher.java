package dev.zhiyu.reports.explain;

import dev.zhiyu.nlp.SentenceEncoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * BERT-based matcher: BGE-small-zh vectors of the statement, of its subject and of each candidate; cross features
 * of each pair (cosines, the subject cosine's margin over the other candidates, the keyword overlap) go through a
 * logistic-regression head trained here on harvested pairs. Few features keep the head trainable from the few
 * hundred pairs that a handful of reports yield.
 */
public final class BgeMatcher implements ExplanationMatcher {
    static final int FEATURES = 6;
    private final SentenceEncoder encoder;
    private final double[] weights;
    private final double bias;

    BgeMatcher(SentenceEncoder encoder, double[] weights, double bias) {
        this.encoder = encoder;
        this.weights = weights;
        this.bias = bias;
    }

    /** Trains the head on pairs grouped by (document, statement): each group is one statement with its candidates. */
    public static BgeMatcher train(SentenceEncoder encoder, List<MatchPair> pairs, int epochs, long seed) {
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (List<MatchPair> group : groups(pairs).values()) {
            double[][] f = features(encoder, group.get(0).statement(), group.stream().map(MatchPair::candidate).toList());
            for (int i = 0; i < group.size(); i++) {
                x.add(f[i]);
                y.add(group.get(i).explains());
            }
        }
        long pos = y.stream().filter(b -> b).count();
        double wPos = pos == 0 ? 1 : 0.5 * y.size() / pos, wNeg = pos == y.size() ? 1 : 0.5 * y.size() / (y.size() - pos);
        double[] w = new double[FEATURES];
        double b = 0;
        Random rnd = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) order.add(i);
        for (int e = 0; e < epochs; e++) {
            java.util.Collections.shuffle(order, rnd);
            for (int i : order) {
                double p = sigmoid(dot(w, x.get(i)) + b), t = y.get(i) ? 1 : 0;
                double g = (p - t) * (t == 1 ? wPos : wNeg);
                for (int d = 0; d < FEATURES; d++) w[d] -= 0.05 * (g * x.get(i)[d] + 1e-3 * w[d]);
                b -= 0.05 * g;
            }
        }
        return new BgeMatcher(encoder, w, b);
    }

    static Map<String, List<MatchPair>> groups(List<MatchPair> pairs) {
        Map<String, List<MatchPair>> g = new LinkedHashMap<>();
        for (MatchPair p : pairs) g.computeIfAbsent(p.document() + "\u0000" + p.statement(), k -> new ArrayList<>()).add(p);
        return g;
    }

    static double[][] features(SentenceEncoder enc, String statement, List<String> candidates) {
        float[] s = enc.encode(statement), subj = enc.encode(KeywordMatcher.subject(statement));
        List<float[]> vs = enc.encodeAll(candidates);
        int n = candidates.size();
        double[] cs = new double[n], cj = new double[n];
        for (int i = 0; i < n; i++) {
            cs[i] = cos(s, vs.get(i));
            cj[i] = cos(subj, vs.get(i));
        }
        KeywordMatcher kw = new KeywordMatcher();
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            double maxOther = -1, sum = 0;
            for (int k = 0; k < n; k++) {
                sum += cj[k];
                if (k != i) maxOther = Math.max(maxOther, cj[k]);
            }
            double margin = n == 1 ? 0 : cj[i] - maxOther;
            double mean = sum / n;
            f[i] = new double[]{cs[i] * 4 - 2, cj[i] * 4 - 2, margin * 10, (cj[i] - mean) * 10, margin > 0 ? 1 : 0,
                    kw.score(statement, candidates.get(i))};
        }
        return f;
    }

    @Override
    public double[] scoreAll(String statement, List<String> candidates) {
        double[][] f = features(encoder, statement, candidates);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = sigmoid(dot(weights, f[i]) + bias);
        return out;
    }

    @Override public String name() { return "bge-small-zh+logreg"; }

    /** The trained head as text: one weight per line, then the bias (what {@link #load} reads). */
    public String headText() {
        StringBuilder b = new StringBuilder("# BgeMatcher head: " + FEATURES + " weights then bias\n");
        for (double w : weights) b.append(w).append('\n');
        return b.append(bias).append('\n').toString();
    }

    public static BgeMatcher load(SentenceEncoder encoder, String headText) {
        double[] v = headText.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).mapToDouble(Double::parseDouble).toArray();
        if (v.length != FEATURES + 1) throw new IllegalArgumentException("BgeMatcher 参数应有 " + (FEATURES + 1) + " 个数，实际 " + v.length);
        return new BgeMatcher(encoder, java.util.Arrays.copyOf(v, FEATURES), v[FEATURES]);
    }

    /** The head shipped in this jar (trained on the pairs harvested from the sample reports; see README). */
    public static BgeMatcher shipped(SentenceEncoder encoder) {
        try (var in = BgeMatcher.class.getResourceAsStream("bge-head.txt")) {
            if (in == null) throw new IllegalStateException("缺少资源 dev/zhiyu/reports/explain/bge-head.txt");
            return load(encoder, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double cos(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double dot(double[] w, double[] x) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * x[i];
        return s;
    }

    private static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }
}
