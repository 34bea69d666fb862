package dev.zhiyu.server.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.TurnRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/** Dialog sessions, turns and scenario versions in one tenant's database. */
final class DialogStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    record StoredScenario(String id, int version, String yaml) {
    }

    private final Jdbi jdbi;
    private final AtomicInteger seq = new AtomicInteger();

    DialogStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void sessionStarted(String sessionId, String scenario, String channel, Map<String, String> variables) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO dialog_sessions (session_id, scenario_id, channel, variables_json, started_at)
                        VALUES (:id, :s, :c, :v, :now)""")
                .bind("id", sessionId).bind("s", scenario).bind("c", channel).bind("v", json(variables))
                .bind("now", now()).execute());
    }

    void turn(TurnRecord t) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO dialog_turns (session_id, turn_index, seq, at, stage, heard_json, dtmf, intents_json,
                            belief_json, action, prompt, actions_json, micros_json)
                        VALUES (:id, :idx, :seq, :now, :stage, :heard, :dtmf, :intents, :belief, :action, :prompt,
                            :actions, :micros)""")
                .bind("id", t.sessionId()).bind("idx", t.index()).bind("seq", seq.incrementAndGet())
                .bind("now", now()).bind("stage", t.stage()).bind("heard", json(t.heard())).bind("dtmf", t.dtmf())
                .bind("intents", json(t.intents())).bind("belief", json(t.belief())).bind("action", t.action())
                .bind("prompt", t.prompt()).bind("actions", json(actionNames(t.actions())))
                .bind("micros", json(t.micros())).execute());
    }

    void ended(String sessionId, Outcome o) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE dialog_sessions SET ended_at = :now, outcome_label = :label, outcome_json = :o, turns = :turns
                        WHERE session_id = :id AND ended_at IS NULL""")
                .bind("now", now()).bind("label", o.label()).bind("o", json(o.slots())).bind("turns", o.turns())
                .bind("id", sessionId).execute());
    }

    boolean sessionExists(String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dialog_sessions WHERE session_id = :id")
                .bind("id", sessionId).mapTo(Integer.class).one()) > 0;
    }

    List<Map<String, Object>> transcript(String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT turn_index, stage, heard_json, dtmf, intents_json, belief_json, action, prompt,
                               actions_json, micros_json, at
                        FROM dialog_turns WHERE session_id = :id ORDER BY seq""")
                .bind("id", sessionId).mapToMap().list());
    }

    void saveScenario(String id, String yaml, String by) {
        jdbi.useTransaction(h -> {
            int next = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM dialog_scenarios WHERE scenario_id = :id")
                    .bind("id", id).mapTo(Integer.class).one();
            h.createUpdate("""
                            INSERT INTO dialog_scenarios (scenario_id, version, yaml_text, created_at, created_by)
                            VALUES (:id, :v, :y, :now, :by)""")
                    .bind("id", id).bind("v", next).bind("y", yaml).bind("now", now()).bind("by", by).execute();
        });
    }

    /** The newest version of every scenario the tenant has uploaded. */
    List<StoredScenario> latestScenarios() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.scenario_id, s.version, s.yaml_text FROM dialog_scenarios s
                        WHERE s.version = (SELECT MAX(version) FROM dialog_scenarios t WHERE t.scenario_id = s.scenario_id)""")
                .map((rs, ctx) -> new StoredScenario(rs.getString(1), rs.getInt(2), rs.getString(3))).list());
    }

    Optional<Integer> latestVersion(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(version) FROM dialog_scenarios WHERE scenario_id = :id")
                .bind("id", id).mapTo(Integer.class).findOne());
    }

    private static List<String> actionNames(List<BotAction> actions) {
        return actions.stream().map(DialogViews::describe).toList();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
