package dev.zhiyu.dialog;

import dev.zhiyu.nlp.SentenceEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a scenario's problems a customer describes, if any. Two likenesses to each problem's examples (and its
 * label): character n-grams ({@link NgramMatcher}: survives ASR substitutions, needs no model) and, with a sentence
 * encoder, meaning — the cosine of BGE sentence vectors to the nearest example, so "短信一直没来" finds 收不到验证码
 * without sharing its words. The two are fused per problem; below {@link Tuning#floor} the text describes no problem
 * at all (abstain). Example vectors are encoded once, when the scenario is loaded; a turn costs one encoding of its
 * own text (and of its clauses when {@link Tuning#clauses}), which the shared encoder's cache usually already holds
 * from the intent classifier.
 */
final class ProblemMatcher {
    /**
     * How the likenesses are fused and where the matcher abstains. Fused score per problem =
     * {@code ngramWeight · ngram + (1 − ngramWeight) · clamp((cos − semanticZero) / (semanticOne − semanticZero))}.
     * Without an encoder the fused score is the n-gram score alone, at {@code ngramFloor}.
     *
     * @param clauses the meaning of a multi-clause turn is also read per clause, the best clause counting
     */
    record Tuning(double ngramWeight, double semanticZero, double semanticOne, double floor, boolean clauses) {
        /** Score span from the floor to the score at which a turn is entirely a problem description. */
        static final double WIDTH = 0.17;
        /** The n-gram matcher's own floor (no encoder), as before the semantic matcher. */
        static final double NGRAM_FLOOR = 0.25;

        Tuning {
            if (ngramWeight < 0 || ngramWeight > 1 || semanticOne <= semanticZero || floor <= 0 || floor >= 1) {
                throw new IllegalArgumentException("问题匹配参数无效：" + ngramWeight + " " + semanticZero + " "
                        + semanticOne + " " + floor);
            }
        }
    }

    /**
     * Chosen on the development half of {@code problems/paraphrases.tsv} (written from the problems' names and
     * answers, not from the scenario's examples) by {@code ProblemMatcherEval tune}; see dialog/README.md.
     */
    static final Tuning DEFAULT = new Tuning(0.4, 0.65, 1.05, 0.1, false);

    private static final double SHARPNESS = 12.0;
    private static final double STEP_PRIOR = 3.0;

    private final NgramMatcher ngrams;
    private final SentenceEncoder encoder;
    private final Tuning tuning;
    private final Map<String, String> stepOf;
    private final List<String> labelOf = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();

    /**
     * @param examplesByLabel problem id → its examples (the label included)
     * @param stepOf          problem id → the step it belongs to (the stop step's problems are favoured)
     * @param encoder         the sentence encoder, or null for n-grams alone
     */
    ProblemMatcher(Map<String, List<String>> examplesByLabel, Map<String, String> stepOf, SentenceEncoder encoder,
                   Tuning tuning) {
        this.ngrams = new NgramMatcher(examplesByLabel);
        this.encoder = encoder;
        this.tuning = tuning;
        this.stepOf = Map.copyOf(stepOf);
        if (encoder != null) {
            List<String> texts = new ArrayList<>();
            examplesByLabel.forEach((label, examples) -> examples.forEach(e -> {
                labelOf.add(label);
                texts.add(e);
            }));
            vectors.addAll(encoder.encodeAll(texts));
        }
    }

    static ProblemMatcher of(Scenario scenario, SentenceEncoder encoder, Tuning tuning) {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        Map<String, String> steps = new HashMap<>();
        for (Scenario.Problem p : scenario.problems()) {
            List<String> all = new ArrayList<>(p.examples());
            all.add(p.label());
            examples.put(p.id(), all);
            steps.put(p.id(), p.step());
        }
        return new ProblemMatcher(examples, steps, encoder, tuning);
    }

    boolean semantic() {
        return encoder != null;
    }

    /** The n-gram and the meaning likeness per problem (the latter empty without an encoder), for evaluation. */
    record Likeness(Map<String, Double> ngram, Map<String, Double> meaning) {
    }

    Likeness likeness(String text) {
        Map<String, Double> meaning = new LinkedHashMap<>();
        if (encoder != null && !Utterances.clean(text).isEmpty()) {
            nearest(encoder.encode(text), meaning);
            if (tuning.clauses()) {
                List<String> parts = ScenarioNlu.clauses(text);
                if (parts.size() > 1) {
                    parts.forEach(c -> nearest(encoder.encode(c), meaning));
                }
            }
        }
        return new Likeness(ngrams.similarities(text), meaning);
    }

    private void nearest(float[] v, Map<String, Double> best) {
        for (int i = 0; i < vectors.size(); i++) {
            best.merge(labelOf.get(i), dot(v, vectors.get(i)), Math::max);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The fused score per problem, in [0, 1]. */
    Map<String, Double> scores(String text) {
        return fuse(likeness(text), tuning);
    }

    static Map<String, Double> fuse(Likeness l, Tuning t) {
        if (l.meaning().isEmpty()) {
            return l.ngram();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        l.meaning().forEach((label, cos) -> {
            double m = Math.clamp((cos - t.semanticZero()) / (t.semanticOne() - t.semanticZero()), 0.0, 1.0);
            out.put(label, t.ngramWeight() * l.ngram().getOrDefault(label, 0.0) + (1 - t.ngramWeight()) * m);
        });
        return out;
    }

    /**
     * A distribution over problems scaled by how much the text looks like any problem at all: nothing below the
     * floor, all of the mass from {@code floor + WIDTH}; the stop step's problems weigh {@value #STEP_PRIOR} times.
     */
    Map<String, Double> problems(String text, String stopStep) {
        return distribution(scores(text), stopStep, semantic() ? tuning.floor() : Tuning.NGRAM_FLOOR);
    }

    Map<String, Double> distribution(Map<String, Double> scores, String stopStep, double floor) {
        double best = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (best < floor) {
            return Map.of();
        }
        double mass = Math.min(1.0, (best - floor) / Tuning.WIDTH);
        Map<String, Double> weights = new HashMap<>();
        double total = 0;
        for (var e : scores.entrySet()) {
            double prior = java.util.Objects.equals(stepOf.get(e.getKey()), stopStep) ? STEP_PRIOR : 1.0;
            double w = prior * Math.exp(SHARPNESS * (e.getValue() - best));
            weights.put(e.getKey(), w);
            total += w;
        }
        double sum = total;
        weights.replaceAll((k, w) -> mass * w / sum);
        return weights;
    }
}
