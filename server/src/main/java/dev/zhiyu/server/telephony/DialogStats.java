package dev.zhiyu.server.telephony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * A task's dialogs as its dashboard draws them, read from the stored turns of the task's finished calls: the
 * callers' top intents, how often the dialog fell back, and how many dialogs reached each stage.
 */
public final class DialogStats {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The dialog's fallback actions (the same ones the annotation queue flags). */
    static final Set<String> FALLBACKS = Set.of("reprompt", "escalate");

    /** How many dialogs reached a stage. */
    public record StageCount(String stage, long dialogs) {
    }

    /**
     * @param callerTurns   turns in which the caller said something or pressed keys
     * @param fallbackRate  fallback turns / caller turns, null without caller turns
     * @param intents       caller turns by top intent, most frequent first
     * @param stageFunnel   dialogs per stage, most reached first
     */
    public record View(String taskId, long dialogs, long turns, long callerTurns, long fallbackTurns, Double fallbackRate,
                       Map<String, Long> intents, List<StageCount> stageFunnel) {
    }

    private record Turn(String session, String stage, boolean caller, String intent, String action) {
    }

    private DialogStats() {
    }

    static View of(Jdbi jdbi, String taskId) {
        List<Turn> turns = jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.session_id, t.stage, t.heard_json, t.dtmf, t.intents_json, t.action
                        FROM dialog_turns t
                        JOIN telephony_call_dialogs d ON d.session_id = t.session_id
                        JOIN telephony_calls c ON c.call_id = d.call_id
                        WHERE c.task_id = :t ORDER BY t.session_id, t.seq""")
                .bind("t", taskId)
                .map((rs, c) -> turn(rs.getString("session_id"), rs.getString("stage"), rs.getString("heard_json"),
                        rs.getString("dtmf"), rs.getString("intents_json"), rs.getString("action")))
                .list());
        Map<String, Long> intents = new HashMap<>();
        Map<String, Set<String>> reached = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        long caller = 0;
        long fallbacks = 0;
        for (Turn t : turns) {
            reached.computeIfAbsent(t.stage(), k -> new HashSet<>()).add(t.session());
            firstSeen.putIfAbsent(t.stage(), firstSeen.size());
            if (!t.caller()) {
                continue;
            }
            caller++;
            if (FALLBACKS.contains(t.action())) {
                fallbacks++;
            }
            if (t.intent() != null) {
                intents.merge(t.intent(), 1L, Long::sum);
            }
        }
        Map<String, Long> byCount = new LinkedHashMap<>();
        intents.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> byCount.put(e.getKey(), e.getValue()));
        List<StageCount> funnel = new ArrayList<>();
        reached.forEach((stage, sessions) -> funnel.add(new StageCount(stage, sessions.size())));
        funnel.sort(Comparator.comparingLong(StageCount::dialogs).reversed()
                .thenComparing(s -> firstSeen.get(s.stage())));
        long dialogs = turns.stream().map(Turn::session).distinct().count();
        return new View(taskId, dialogs, turns.size(), caller, fallbacks, caller == 0 ? null : (double) fallbacks / caller,
                byCount, funnel);
    }

    private static Turn turn(String session, String stage, String heardJson, String dtmf, String intentsJson, String action) {
        try {
            JsonNode heard = JSON.readTree(heardJson);
            boolean spoke = heard.isArray() && !heard.isEmpty() && heard.get(0).hasNonNull("text");
            String top = null;
            double best = Double.NEGATIVE_INFINITY;
            for (var e : JSON.readTree(intentsJson).properties()) {
                if (e.getValue().asDouble() > best) {
                    top = e.getKey();
                    best = e.getValue().asDouble();
                }
            }
            return new Turn(session, stage, spoke || dtmf != null && !dtmf.isEmpty(), top, action);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("对话轮次数据损坏：" + e.getOriginalMessage(), e);
        }
    }
}
