package dev.zhiyu.nlp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules first, then the trained model. A rule hit takes the rule's confidence; the rest of the probability mass is
 * shared among the model's other intents in proportion to the model's own probabilities, so the N-best list stays a
 * distribution the dialog state tracker can use.
 */
public final class IntentCascade implements IntentClassifier {
    private final IntentRules rules;
    private final IntentClassifier model;

    /** {@code model} may be null for a rules-only cascade. */
    public IntentCascade(IntentRules rules, IntentClassifier model) {
        this.rules = rules;
        this.model = model;
    }

    /** The shipped generic rules in front of the shipped generic model. */
    public static IntentCascade builtinGeneric() { return new IntentCascade(IntentRules.builtinGeneric(), IntentModel.builtinGeneric()); }

    @Override
    public Set<String> intents() {
        Set<String> all = new LinkedHashSet<>();
        if (model != null) all.addAll(model.intents());
        rules.rules().forEach(r -> all.add(r.intent()));
        return all;
    }

    /** The model's calibration (the rules' confidences are not calibrated by it). */
    @Override
    public Optional<IntentCalibration> calibration() {
        return model == null ? Optional.empty() : model.calibration();
    }

    @Override
    public List<IntentScore> classify(String text, int n) {
        if (text == null) throw new IllegalArgumentException("文本不能为 null");
        if (n <= 0) return List.of();
        Optional<IntentRule> hit = rules.match(text);
        if (hit.isEmpty()) return model == null ? List.of() : model.classify(text, n);
        IntentRule rule = hit.get();
        List<IntentScore> out = new ArrayList<>();
        out.add(new IntentScore(rule.intent(), rule.confidence(), "rule:" + rule.id()));
        if (model == null) return out;
        List<IntentScore> rest = model.classify(text, Integer.MAX_VALUE).stream()
                .filter(s -> !s.intent().equals(rule.intent())).toList();
        double mass = rest.stream().mapToDouble(IntentScore::probability).sum();
        for (IntentScore s : rest) {
            if (out.size() >= n) break;
            double p = mass > 0 ? (1 - rule.confidence()) * s.probability() / mass : 0;
            out.add(new IntentScore(s.intent(), p, s.source()));
        }
        return out;
    }
}
