package dev.zhiyu.models;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the append-only corrections into conflicts and immutable snapshots. Per turn, each annotator's newest
 * verdict counts; an adjudicated verdict overrides everyone; annotators still disagreeing make a conflict.
 */
public final class Datasets {
    /** One in this many examples (by a hash of the text, so stable across snapshots) is held out for evaluation. */
    static final int HOLD_OUT_EVERY = 4;

    private final AnnotationStore store;
    private final Clock clock;

    public Datasets(AnnotationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Conflict> conflicts(String purpose) {
        List<Conflict> out = new ArrayList<>();
        for (List<Correction> turn : byTurn(purpose).values()) {
            Map<String, String> verdicts = verdicts(turn);
            if (adjudicated(turn) == null && new HashSet<>(verdicts.values()).size() > 1) {
                Correction c = turn.get(0);
                out.add(new Conflict(purpose, c.sessionId(), c.turnIndex(), c.text(), verdicts));
            }
        }
        return out;
    }

    /**
     * Freezes the current agreed corrections of the purpose into a new snapshot. A {@code ner:<scenario>} snapshot is
     * made of the slot values of the scenario's intent corrections (see {@link NerTraining#examples}).
     */
    public DatasetSnapshot snapshot(String purpose, String by) {
        if (Purposes.isNer(purpose)) {
            return nerSnapshot(purpose, by);
        }
        List<Example> examples = new ArrayList<>();
        int conflicts = 0;
        for (List<Correction> turn : byTurn(purpose).values()) {
            String intent = agreed(turn);
            if (intent == null) {
                conflicts++;
                continue;
            }
            String text = turn.get(0).text();
            examples.add(new Example(intent, text, Math.floorMod(text.hashCode(), HOLD_OUT_EVERY) == 0));
        }
        if (examples.isEmpty()) {
            throw ModelRequestException.invalid("用途 " + purpose + " 还没有可用的标注（冲突 " + conflicts + " 条待裁决）");
        }
        return save(purpose, examples, conflicts, by);
    }

    private DatasetSnapshot save(String purpose, List<Example> examples, int conflicts, String by) {
        int version = store.snapshots(purpose).stream().mapToInt(DatasetSnapshot::version).max().orElse(0) + 1;
        DatasetSnapshot s = new DatasetSnapshot(UUID.randomUUID().toString(), purpose, version, examples.size(),
                (int) examples.stream().filter(Example::heldOut).count(), conflicts, sha256(examples), clock.instant(), by);
        store.saveSnapshot(s, examples);
        return s;
    }

    /** Turns whose annotators agree on the slot values (or an adjudicated verdict) and name at least one slot. */
    private DatasetSnapshot nerSnapshot(String purpose, String by) {
        String intents = Purposes.intent(Purposes.scenario(purpose));
        List<Example> examples = new ArrayList<>();
        int conflicts = 0;
        for (List<Correction> turn : byTurn(intents).values()) {
            Correction a = adjudicated(turn);
            Map<String, Map<String, String>> v = new LinkedHashMap<>();
            turn.forEach(c -> v.put(c.annotator(), c.slots()));
            Map<String, String> slots = a != null ? a.slots()
                    : new HashSet<>(v.values()).size() == 1 ? v.values().iterator().next() : null;
            if (slots == null) {
                conflicts++;
            } else if (!slots.isEmpty()) {
                String text = turn.get(0).text();
                examples.add(NerTraining.example(text, slots, Math.floorMod(text.hashCode(), HOLD_OUT_EVERY) == 0));
            }
        }
        if (examples.isEmpty()) {
            throw ModelRequestException.invalid("场景 " + Purposes.scenario(purpose) + " 还没有带槽位值的标注（冲突 " + conflicts
                    + " 条待裁决）：请在标注时填写 slots，例如 {\"product\": \"日日鑫\"}");
        }
        return save(purpose, examples, conflicts, by);
    }

    private Map<String, List<Correction>> byTurn(String purpose) {
        Map<String, List<Correction>> out = new LinkedHashMap<>();
        for (Correction c : store.corrections(purpose)) {
            out.computeIfAbsent(c.turnKey(), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** The newest verdict of each annotator, in order. */
    private static Map<String, String> verdicts(List<Correction> turn) {
        Map<String, String> v = new LinkedHashMap<>();
        turn.forEach(c -> v.put(c.annotator(), c.intent()));
        return v;
    }

    private static Correction adjudicated(List<Correction> turn) {
        Correction last = null;
        for (Correction c : turn) {
            if (c.adjudicated()) {
                last = c;
            }
        }
        return last;
    }

    private static String agreed(List<Correction> turn) {
        Correction a = adjudicated(turn);
        if (a != null) {
            return a.intent();
        }
        Map<String, String> v = verdicts(turn);
        return new HashSet<>(v.values()).size() == 1 ? v.values().iterator().next() : null;
    }

    static String sha256(List<Example> examples) {
        StringBuilder sb = new StringBuilder();
        examples.forEach(e -> sb.append(e.intent()).append('\t').append(e.text()).append('\t').append(e.heldOut()).append('\n'));
        return Checksums.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
