package dev.zhiyu.dialog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N-best dialog state tracking: for each slot a distribution over values (what is left is "none"), fed by every
 * ASR hypothesis × its NLU reading, weighted by {@link HypothesisWeights}. New evidence takes its share of the mass
 * and the old belief keeps the rest; denials remove mass; beliefs not mentioned decay. In 1-best mode only the top
 * hypothesis counts and its reading replaces the belief (no accumulation) — the baseline the N-best tracker is
 * measured against.
 */
final class BeliefTracker {
    static final double DECAY = 0.9;
    static final double MAX_RENORMALISATION = 2.0;

    /** The evidence of one turn after combining hypotheses. */
    record TurnEvidence(Map<String, Double> intents, Map<String, Double> slotEvidence, double slotMass,
                        double rejection) {
        double intent(String id) {
            return intents.getOrDefault(id, 0.0);
        }

        String topIntent() {
            return intents.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("other");
        }
    }

    private final boolean oneBest;
    private final Map<String, Map<String, Double>> beliefs = new LinkedHashMap<>();

    BeliefTracker(boolean oneBest) {
        this.oneBest = oneBest;
    }

    boolean oneBest() {
        return oneBest;
    }

    /** Combines the hypotheses of a turn and updates the belief of {@code slot} (null: no slot is being filled). */
    TurnEvidence update(List<UserInput.Hypothesis> nbest, List<Understanding> readings, Scenario.Slot slot) {
        double[] w = HypothesisWeights.of(nbest, oneBest);
        Map<String, Double> intents = new HashMap<>();
        Map<String, Double> evidence = new HashMap<>();
        Map<String, Double> denied = new HashMap<>();
        double informative = 0;
        double rejection = 0;
        for (int i = 0; i < readings.size(); i++) {
            Understanding u = readings.get(i);
            double wi = w[i];
            u.intents().forEach((k, p) -> intents.merge(k, wi * p, Double::sum));
            rejection += u.rejectsConfirmation() ? wi : 0;
            if (slot != null) {
                Map<String, Double> values = slotValues(u, slot);
                values.forEach((k, p) -> evidence.merge(k, wi * p, Double::sum));
                deniedValues(u, slot).forEach((k, p) -> denied.merge(k, wi * p, Double::sum));
                informative += values.isEmpty() ? 0 : wi;
            }
        }
        // Recognition errors destroy key words far more often than they invent them, so a hypothesis that says
        // nothing about the slot is weak evidence for "none": spread the evidence over the informative ones.
        if (informative > 0 && informative < 1) {
            double scale = Math.min(1 / informative, MAX_RENORMALISATION);
            evidence.replaceAll((k, p) -> p * scale);
        }
        decayAllBut(slot);
        if (slot == null) {
            return new TurnEvidence(intents, Map.of(), 0, rejection);
        }
        double mass = evidence.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> b = beliefs.computeIfAbsent(slot.name(), s -> new HashMap<>());
        double keep = oneBest && mass > 0 ? 0 : Math.max(0, 1 - mass);
        b.replaceAll((v, p) -> p * keep * (1 - Math.min(1, denied.getOrDefault(v, 0.0))));
        evidence.forEach((v, p) -> b.merge(v, p, Double::sum));
        return new TurnEvidence(intents, evidence, mass, rejection);
    }

    private static Map<String, Double> slotValues(Understanding u, Scenario.Slot slot) {
        return switch (slot.type()) {
            case Scenario.Slot.PROBLEM -> u.problems();
            case Scenario.Slot.DATETIME -> spread(u.dateTimes());
            default -> spread(u.entities().getOrDefault(slot.entity(), List.of()));
        };
    }

    /** Several values in one hypothesis share its evidence. */
    private static Map<String, Double> spread(List<String> values) {
        Map<String, Double> out = new HashMap<>();
        values.forEach(d -> out.merge(d, 1.0 / values.size(), Double::sum));
        return out;
    }

    /** Values the hypothesis explicitly denies, with the share of their belief the denial removes. */
    private static Map<String, Double> deniedValues(Understanding u, Scenario.Slot slot) {
        return switch (slot.type()) {
            case Scenario.Slot.PROBLEM -> u.deniedProblems();
            case Scenario.Slot.DATETIME -> Map.of();
            default -> {
                Map<String, Double> out = new HashMap<>();
                u.deniedEntities().getOrDefault(slot.entity(), List.of()).forEach(v -> out.put(v, 1.0));
                yield out;
            }
        };
    }

    private void decayAllBut(Scenario.Slot current) {
        beliefs.forEach((slot, b) -> {
            if (current == null || !slot.equals(current.name())) {
                b.replaceAll((v, p) -> p * DECAY);
            }
        });
    }

    /** The user confirmed ({@code yes}) or rejected ({@code no}) the value put to them. */
    void confirm(String slot, String value, double yes, double no) {
        Map<String, Double> b = beliefs.computeIfAbsent(slot, s -> new HashMap<>());
        double p = b.getOrDefault(value, 0.0);
        p = p + yes * (1 - p);
        p = p * (1 - no);
        b.put(value, p);
        double others = b.entrySet().stream().filter(e -> !e.getKey().equals(value)).mapToDouble(Map.Entry::getValue).sum();
        if (p + others > 1) {
            double scale = (1 - p) / others;
            b.replaceAll((v, q) -> v.equals(value) ? q : q * scale);
        }
    }

    /** The most likely value of {@code slot} and its probability, or null. */
    Map.Entry<String, Double> top(String slot) {
        return beliefs.getOrDefault(slot, Map.of()).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElse(null);
    }

    /** A copy for the turn record. */
    Map<String, Map<String, Double>> snapshot() {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        beliefs.forEach((slot, b) -> {
            Map<String, Double> rounded = new LinkedHashMap<>();
            b.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> rounded.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
            copy.put(slot, rounded);
        });
        return copy;
    }
}
