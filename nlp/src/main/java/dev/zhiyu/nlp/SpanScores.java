package dev.zhiyu.nlp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Exact span matching: a prediction counts only with the same start, end and type as a gold span. */
public record SpanScores(double precision, double recall, double f1, int gold, int predicted, Map<String, double[]> perType) {
    static SpanScores of(EntityRecognizer r, List<AnnotatedSentence> data) {
        Map<String, int[]> c = new TreeMap<>(); // tp, fp, fn
        for (AnnotatedSentence s : data) {
            Set<AnnotatedSentence.Span> gold = new HashSet<>(s.spans());
            Set<AnnotatedSentence.Span> pred = new HashSet<>();
            for (Entity e : r.recognize(s.text(), Segmenter.hanlp(TenantDictionary.withFinanceTerms()).segment(s.text()))) {
                pred.add(new AnnotatedSentence.Span(e.start(), e.end(), e.type()));
            }
            for (var p : pred) c.computeIfAbsent(p.type(), k -> new int[3])[gold.contains(p) ? 0 : 1]++;
            for (var g : gold) if (!pred.contains(g)) c.computeIfAbsent(g.type(), k -> new int[3])[2]++;
        }
        int tp = 0, fp = 0, fn = 0;
        Map<String, double[]> per = new TreeMap<>();
        for (var e : c.entrySet()) {
            int[] v = e.getValue();
            tp += v[0];
            fp += v[1];
            fn += v[2];
            per.put(e.getKey(), prf(v[0], v[1], v[2]));
        }
        double[] all = prf(tp, fp, fn);
        return new SpanScores(all[0], all[1], all[2], tp + fn, tp + fp, per);
    }

    private static double[] prf(int tp, int fp, int fn) {
        double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp), r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        return new double[]{p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
    }

    public String format() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "实体（精确匹配）P=%.3f R=%.3f F1=%.3f（标准 %d，预测 %d）%n",
                precision, recall, f1, gold, predicted));
        perType.forEach((t, v) -> sb.append(String.format(Locale.ROOT, "  %-10s P=%.3f R=%.3f F1=%.3f%n", t, v[0], v[1], v[2])));
        return sb.toString();
    }
}
