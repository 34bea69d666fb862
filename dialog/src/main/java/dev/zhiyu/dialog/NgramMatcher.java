package dev.zhiyu.dialog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-example matching on character unigrams and bigrams weighted by IDF. Character n-grams survive
 * segmentation errors and many ASR substitutions, and need no training: a scenario edit takes effect at once.
 */
final class NgramMatcher {
    private record Example(String label, Map<String, Double> vector) {
    }

    private final List<Example> examples = new ArrayList<>();
    private final Map<String, Double> idf = new HashMap<>();

    NgramMatcher(Map<String, List<String>> examplesByLabel) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        List<Map.Entry<String, Map<String, Integer>>> raw = new ArrayList<>();
        examplesByLabel.forEach((label, texts) -> texts.forEach(text -> {
            Map<String, Integer> counts = grams(text);
            counts.keySet().forEach(g -> documentFrequency.merge(g, 1, Integer::sum));
            raw.add(Map.entry(label, counts));
        }));
        int n = Math.max(1, raw.size());
        documentFrequency.forEach((g, df) -> idf.put(g, Math.log(1.0 + (double) n / df)));
        raw.forEach(e -> examples.add(new Example(e.getKey(), weigh(e.getValue()))));
    }

    /** The best cosine similarity per label, in [0, 1]. */
    Map<String, Double> similarities(String text) {
        Map<String, Double> query = weigh(grams(text));
        Map<String, Double> best = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return best;
        }
        for (Example e : examples) {
            double cos = cosine(query, e.vector());
            best.merge(e.label(), cos, Math::max);
        }
        return best;
    }

    private Map<String, Double> weigh(Map<String, Integer> counts) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (var e : counts.entrySet()) {
            double w = e.getValue() * idf.getOrDefault(e.getKey(), 0.0);
            if (w > 0) {
                v.put(e.getKey(), w);
                norm += w * w;
            }
        }
        double length = Math.sqrt(norm);
        v.replaceAll((k, w) -> w / length);
        return v;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() < b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double dot = 0;
        for (var e : small.entrySet()) {
            Double w = large.get(e.getKey());
            if (w != null) {
                dot += e.getValue() * w;
            }
        }
        return dot;
    }

    static Map<String, Integer> grams(String text) {
        String clean = Utterances.clean(text);
        Map<String, Integer> counts = new HashMap<>();
        int[] cps = clean.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            counts.merge(new String(cps, i, 1), 1, Integer::sum);
            if (i + 1 < cps.length) {
                counts.merge(new String(cps, i, 2), 1, Integer::sum);
            }
        }
        return counts;
    }
}
