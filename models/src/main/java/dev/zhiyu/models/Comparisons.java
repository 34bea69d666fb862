package dev.zhiyu.models;

import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentScore;
import dev.zhiyu.nlp.LabeledText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds a {@link Comparison} by running both classifiers over the same examples. */
final class Comparisons {
    static final int MAX_FLIPS = 200;

    private Comparisons() {
    }

    static Comparison compare(String idA, IntentClassifier a, String idB, IntentClassifier b, List<LabeledText> set) {
        Evaluation ea = Evaluation.of(a, idA, set);
        Evaluation eb = Evaluation.of(b, idB, set);
        Map<String, Integer> support = new TreeMap<>();
        Map<List<String>, int[]> confusions = new TreeMap<>(Comparisons::byPair);
        List<Comparison.Flip> flips = new ArrayList<>();
        for (LabeledText t : set) {
            support.merge(t.label(), 1, Integer::sum);
            String pa = top(a, t.text());
            String pb = top(b, t.text());
            if (!pa.equals(t.label())) {
                confusions.computeIfAbsent(List.of(t.label(), pa), k -> new int[2])[0]++;
            }
            if (!pb.equals(t.label())) {
                confusions.computeIfAbsent(List.of(t.label(), pb), k -> new int[2])[1]++;
            }
            if (pa.equals(t.label()) != pb.equals(t.label()) && flips.size() < MAX_FLIPS) {
                flips.add(new Comparison.Flip(t.text(), t.label(), pa, pb, pb.equals(t.label())));
            }
        }
        List<Comparison.IntentDelta> deltas = new ArrayList<>();
        TreeSet<String> intents = new TreeSet<>(support.keySet());
        for (String i : intents) {
            double fa = ea.f1().getOrDefault(i, 0.0);
            double fb = eb.f1().getOrDefault(i, 0.0);
            deltas.add(new Comparison.IntentDelta(i, support.get(i), fa, fb, fb - fa));
        }
        List<Comparison.ConfusionChange> changes = new ArrayList<>();
        confusions.forEach((k, c) -> {
            if (c[0] != c[1]) {
                changes.add(new Comparison.ConfusionChange(k.get(0), k.get(1), c[0], c[1]));
            }
        });
        return new Comparison(idA, idB, set.size(), ea.macroF1(), eb.macroF1(), deltas, changes, flips);
    }

    private static int byPair(List<String> x, List<String> y) {
        int c = x.get(0).compareTo(y.get(0));
        return c != 0 ? c : x.get(1).compareTo(y.get(1));
    }

    private static String top(IntentClassifier c, String text) {
        List<IntentScore> best = c.classify(text, 1);
        return best.isEmpty() ? "(none)" : best.get(0).intent();
    }
}
