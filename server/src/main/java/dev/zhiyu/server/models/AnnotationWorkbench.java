package dev.zhiyu.server.models;

import dev.zhiyu.models.Correction;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.models.ReviewItem;
import dev.zhiyu.nlp.IntentDataset;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.TurnContext;
import dev.zhiyu.server.platform.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The annotation queue as an annotator works it: turns with the same text (after {@link SameText}) are one item with
 * a count, labelled at once; each item carries its context and the model's guess only when the model was sure of it;
 * the intents to choose from, the scenario's own first; undo; and where annotators disagree on the same text.
 */
public final class AnnotationWorkbench {
    /** Below this probability the model's guess is not shown: a 0% "wrong_person" only misleads the annotator. */
    static final double SUGGEST_FROM = 0.6;
    /** How many queued turns are read to build the deduplicated items. */
    static final int QUEUE_TURNS = 500;

    public record TurnRef(String sessionId, int turnIndex) {
    }

    /** The model's guess: an intent, or a slot value (e.g. the problem the caller described) with its probability. */
    public record Suggestion(String intent, String slot, String value, double probability) {
    }

    public record Item(String key, String text, int count, List<TurnRef> turns, List<String> reasons,
                       TurnContext context, Suggestion suggestion) {
    }

    /** An intent to choose from; {@code scenario} when the scenario itself defines it. */
    public record Choice(String id, boolean scenario) {
    }

    /**
     * A slot to mark in a turn: its name and type in the scenario; {@code values} for a slot whose value is one of the
     * scenario's own keys (the problems), empty for one whose value is what the caller said.
     */
    public record SlotChoice(String name, String type, List<String> values) {
    }

    /** One annotator's label: the intent and the slots marked. */
    public record Verdict(String annotator, String intent, Map<String, String> slots) {
    }

    public record Disagreement(String text, List<Verdict> verdicts) {
    }

    /**
     * Texts of which two or more annotators labelled the same turn, how many of them agree (intent and slots), and the
     * rest with each one's verdict.
     */
    public record Agreement(int texts, int agreed, List<Disagreement> conflicts) {
    }

    private final ModelService models;
    private final DialogService dialogs;

    public AnnotationWorkbench(ModelService models, DialogService dialogs) {
        this.models = models;
        this.dialogs = dialogs;
    }

    /** The queue of {@code annotator} (see {@link ModelService#queue}), one item per distinct text. */
    public List<Item> items(Tenant tenant, String scenario, String annotator, int limit) {
        Map<String, List<ReviewItem>> byText = new LinkedHashMap<>();
        for (ReviewItem r : models.queue(tenant, scenario, annotator, QUEUE_TURNS)) {
            byText.computeIfAbsent(SameText.key(r.turn().text()), k -> new ArrayList<>()).add(r);
        }
        List<Item> out = new ArrayList<>();
        for (var e : byText.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            List<ReviewItem> copies = e.getValue();
            ReviewItem first = copies.getFirst();
            Set<String> reasons = new LinkedHashSet<>();
            copies.forEach(c -> reasons.addAll(c.reasons()));
            TurnContext context = dialogs.turnContext(tenant, first.turn().sessionId(), first.turn().turnIndex())
                    .orElse(null);
            out.add(new Item(e.getKey(), first.turn().text(), copies.size(),
                    copies.stream().map(c -> new TurnRef(c.turn().sessionId(), c.turn().turnIndex())).toList(),
                    List.copyOf(reasons), context, suggestion(first, context)));
        }
        return out;
    }

    static Suggestion suggestion(ReviewItem item, TurnContext context) {
        if (item.turn().topIntent() != null && item.turn().confidence() >= SUGGEST_FROM) {
            return new Suggestion(item.turn().topIntent(), null, null, item.turn().confidence());
        }
        if (context == null) {
            return null;
        }
        Suggestion best = null;
        for (var slot : context.belief().entrySet()) {
            for (var v : slot.getValue().entrySet()) {
                if (v.getValue() >= SUGGEST_FROM && (best == null || v.getValue() > best.probability())) {
                    best = new Suggestion(null, slot.getKey(), v.getKey(), v.getValue());
                }
            }
        }
        return best;
    }

    /** The scenario's own intents first, then the shipped general ones (greeting, yes/no, wrong person …). */
    public List<Choice> intents(Tenant tenant, String scenario) {
        List<String> own = dialogs.scenarioIntents(tenant, scenario);
        List<Choice> out = new ArrayList<>(own.stream().map(id -> new Choice(id, true)).toList());
        generalIntents().stream().filter(id -> !own.contains(id)).forEach(id -> out.add(new Choice(id, false)));
        return out;
    }

    /** The scenario's slots in its order; a problem slot's values are the scenario's problems. */
    public List<SlotChoice> slots(Tenant tenant, String scenario) {
        return dialogs.scenarioDefinitions(tenant).stream().filter(s -> s.id().equals(scenario)).findFirst()
                .map(s -> s.slots().stream().map(slot -> new SlotChoice(slot.name(), slot.type(),
                        Scenario.Slot.PROBLEM.equals(slot.type()) ? s.problems().stream().map(Scenario.Problem::id).toList()
                                : List.<String>of())).toList())
                .orElse(List.of());
    }

    private static List<String> generalIntents() {
        try {
            return IntentDataset.read("builtin:generic").stream().map(x -> x.label()).distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One label for every copy of a text; the corrections made, so that they can be taken back together. */
    public List<Correction> labelAll(Tenant tenant, List<TurnRef> turns, String intent, Map<String, String> slots,
                                     String annotator) {
        return turns.stream().map(t -> models.annotate(tenant, t.sessionId(), t.turnIndex(), intent, slots, annotator,
                false)).toList();
    }

    /** Undo: takes back the annotator's own corrections; how many were taken back. */
    public int withdraw(Tenant tenant, List<Long> ids, String annotator) {
        return (int) ids.stream().filter(id -> models.of(tenant).annotations().withdraw(id, annotator)).count();
    }

    /**
     * Each annotator's newest verdict per turn; only turns two or more annotators labelled count (the same turn judged
     * twice, not two copies of a sentence judged once each), gathered per text. An adjudicated turn is settled.
     */
    public Agreement agreement(Tenant tenant, String scenario) {
        Map<String, Map<String, Correction>> byTurn = new LinkedHashMap<>();
        Set<String> settled = new HashSet<>();
        for (Correction c : models.of(tenant).annotations().corrections(Purposes.intent(scenario))) {
            String turn = c.sessionId() + "#" + c.turnIndex();
            byTurn.computeIfAbsent(turn, k -> new LinkedHashMap<>()).put(c.annotator(), c);
            if (c.adjudicated()) {
                settled.add(turn);
            }
        }
        Map<String, Map<String, Correction>> byText = new LinkedHashMap<>();
        byTurn.forEach((turn, verdicts) -> {
            if (verdicts.size() >= 2 && !settled.contains(turn)) {
                byText.computeIfAbsent(SameText.key(verdicts.values().iterator().next().text()), k -> new LinkedHashMap<>())
                        .putAll(verdicts);
            }
        });
        int agreed = 0;
        List<Disagreement> conflicts = new ArrayList<>();
        for (Map<String, Correction> verdicts : byText.values()) {
            List<Verdict> all = verdicts.values().stream()
                    .map(c -> new Verdict(c.annotator(), c.intent(), c.slots() == null ? Map.of() : c.slots())).toList();
            if (all.stream().map(v -> List.of(v.intent(), v.slots())).distinct().count() == 1) {
                agreed++;
            } else {
                conflicts.add(new Disagreement(verdicts.values().iterator().next().text(), all));
            }
        }
        return new Agreement(byText.size(), agreed, conflicts);
    }
}
