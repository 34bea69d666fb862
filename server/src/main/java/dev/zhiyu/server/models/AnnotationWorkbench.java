package dev.zhiyu.server.models;

import dev.zhiyu.models.Correction;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.models.ReviewItem;
import dev.zhiyu.nlp.IntentDataset;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.TurnContext;
import dev.zhiyu.server.platform.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

    public record Verdict(String annotator, String intent) {
    }

    public record Disagreement(String text, List<Verdict> verdicts) {
    }

    /** Texts labelled by two or more annotators, how many of them agree, and the rest with each one's verdict. */
    public record Agreement(int texts, int agreed, List<Disagreement> conflicts) {
    }

    private final ModelService models;
    private final DialogService dialogs;

    public AnnotationWorkbench(ModelService models, DialogService dialogs) {
        this.models = models;
        this.dialogs = dialogs;
    }

    public List<Item> items(Tenant tenant, String scenario, int limit) {
        Map<String, List<ReviewItem>> byText = new LinkedHashMap<>();
        for (ReviewItem r : models.queue(tenant, scenario, QUEUE_TURNS)) {
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

    /** Each annotator's newest verdict per text; a text with an adjudicated verdict is settled and not a conflict. */
    public Agreement agreement(Tenant tenant, String scenario) {
        Map<String, Map<String, Correction>> byText = new LinkedHashMap<>();
        Set<String> settled = new java.util.HashSet<>();
        for (Correction c : models.of(tenant).annotations().corrections(Purposes.intent(scenario))) {
            String key = SameText.key(c.text());
            byText.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(c.annotator(), c);
            if (c.adjudicated()) {
                settled.add(key);
            }
        }
        int texts = 0;
        int agreed = 0;
        List<Disagreement> conflicts = new ArrayList<>();
        for (var e : byText.entrySet()) {
            Map<String, Correction> verdicts = e.getValue();
            if (verdicts.size() < 2 || settled.contains(e.getKey())) {
                continue;
            }
            texts++;
            if (verdicts.values().stream().map(Correction::intent).distinct().count() == 1) {
                agreed++;
            } else {
                conflicts.add(new Disagreement(verdicts.values().iterator().next().text(), verdicts.values().stream()
                        .map(c -> new Verdict(c.annotator(), c.intent())).toList()));
            }
        }
        return new Agreement(texts, agreed, conflicts);
    }
}
