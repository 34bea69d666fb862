package dev.zhiyu.models;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.Entity;
import dev.zhiyu.nlp.EntityRecognizer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Span-level exact-match metrics of a recogniser on annotated sentences: a predicted span counts only with the same
 * start, end and type as a gold one. Per slot type precision/recall/F1 for the types the gold set has; macro-F1 is
 * their mean, {@code f1} the micro average over all spans.
 */
record NerEvaluation(double precision, double recall, double f1, double macroF1, Map<String, double[]> perType,
                     Map<String, Integer> support, int examples) {

    static Set<AnnotatedSentence.Span> predict(EntityRecognizer r, String text) {
        Set<AnnotatedSentence.Span> out = new HashSet<>();
        for (Entity e : r.recognize(text, List.of())) {
            out.add(new AnnotatedSentence.Span(e.start(), e.end(), e.type()));
        }
        return out;
    }

    static NerEvaluation of(EntityRecognizer r, List<AnnotatedSentence> set) {
        Map<String, int[]> c = new TreeMap<>(); // tp, fp, fn
        for (AnnotatedSentence s : set) {
            Set<AnnotatedSentence.Span> gold = new HashSet<>(s.spans());
            Set<AnnotatedSentence.Span> pred = predict(r, s.text());
            pred.forEach(p -> c.computeIfAbsent(p.type(), k -> new int[3])[gold.contains(p) ? 0 : 1]++);
            gold.stream().filter(g -> !pred.contains(g)).forEach(g -> c.computeIfAbsent(g.type(), k -> new int[3])[2]++);
        }
        int tp = 0, fp = 0, fn = 0;
        Map<String, double[]> per = new TreeMap<>();
        Map<String, Integer> support = new TreeMap<>();
        for (var e : c.entrySet()) {
            int[] v = e.getValue();
            tp += v[0];
            fp += v[1];
            fn += v[2];
            if (v[0] + v[2] > 0) { // a type the gold set has
                per.put(e.getKey(), prf(v[0], v[1], v[2]));
                support.put(e.getKey(), v[0] + v[2]);
            }
        }
        double[] all = prf(tp, fp, fn);
        double macro = per.values().stream().mapToDouble(v -> v[2]).average().orElse(0);
        return new NerEvaluation(all[0], all[1], all[2], macro, per, support, set.size());
    }

    private static double[] prf(int tp, int fp, int fn) {
        double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        return new double[]{p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
    }

    Map<String, Double> metrics(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "precision", precision);
        m.put(prefix + "recall", recall);
        m.put(prefix + "f1", f1);
        m.put(prefix + "macroF1", macroF1);
        m.put(prefix + "examples", (double) examples);
        perType.forEach((t, v) -> {
            m.put(prefix + "precision:" + t, v[0]);
            m.put(prefix + "recall:" + t, v[1]);
            m.put(prefix + "f1:" + t, v[2]);
        });
        return m;
    }
}
