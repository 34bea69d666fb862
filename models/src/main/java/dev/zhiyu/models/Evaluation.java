package dev.zhiyu.models;

import dev.zhiyu.nlp.EvaluationReport;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentEvaluator;
import dev.zhiyu.nlp.LabeledText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metrics of a served classifier on an evaluation set, flattened for the registry. */
record Evaluation(double accuracy, double macroF1, Map<String, Double> f1, int examples) {

    static Evaluation of(IntentClassifier c, String name, List<LabeledText> set) {
        EvaluationReport r = IntentEvaluator.evaluate(c, name, set, "evaluation");
        Map<String, Double> f1 = new LinkedHashMap<>();
        r.perIntent().stream().filter(p -> p.support() > 0).forEach(p -> f1.put(p.intent(), p.f1()));
        return new Evaluation(r.accuracy(), r.macroF1(), f1, r.examples());
    }

    static double accuracy(IntentClassifier c, List<Example> examples) {
        long right = examples.stream().filter(e -> {
            var best = c.classify(e.text(), 1);
            return !best.isEmpty() && best.get(0).intent().equals(e.intent());
        }).count();
        return right / (double) examples.size();
    }

    Map<String, Double> metrics(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "accuracy", accuracy);
        m.put(prefix + "macroF1", macroF1);
        m.put(prefix + "examples", (double) examples);
        f1.forEach((k, v) -> m.put(prefix + "f1:" + k, v));
        return m;
    }
}
