package dev.zhiyu.server.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.models.ReviewTurn;
import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.TurnRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    List<TranscriptTurn> transcript(String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT turn_index, stage, heard_json, dtmf, intents_json, belief_json, action, prompt,
                               actions_json, micros_json, at
                        FROM dialog_turns WHERE session_id = :id ORDER BY seq""")
                .bind("id", sessionId).map((rs, c) -> new TranscriptTurn(rs.getInt("turn_index"), rs.getString("stage"),
                        tree(rs.getString("heard_json")), emptyAsNull(rs.getString("dtmf")), tree(rs.getString("intents_json")),
                        tree(rs.getString("belief_json")), rs.getString("action"), rs.getString("prompt"),
                        tree(rs.getString("actions_json")), tree(rs.getString("micros_json")),
                        rs.getObject("at", OffsetDateTime.class).toInstant())).list());
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** A stored JSON column as a JSON value (null stays null). */
    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dialog_turns 中的 JSON 无法读取：" + e.getOriginalMessage(), e);
        }
    }

    List<ReviewTurn> callerTurns(String scenario, int sessions) {
        return jdbi.withHandle(h -> {
            List<String> ids = h.createQuery("""
                            SELECT session_id FROM dialog_sessions WHERE scenario_id = :s
                            ORDER BY started_at DESC LIMIT :n""")
                    .bind("s", scenario).bind("n", sessions).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return List.<ReviewTurn>of();
            }
            return h.createQuery(TURNS + " WHERE t.session_id IN (<ids>) AND t.turn_index > 0 ORDER BY t.seq")
                    .bindList("ids", ids).map((rs, c) -> reviewTurn(rs)).list().stream().flatMap(Optional::stream).toList();
        });
    }

    Optional<ReviewTurn> callerTurn(String sessionId, int turnIndex) {
        return jdbi.withHandle(h -> h.createQuery(TURNS + " WHERE t.session_id = :id AND t.turn_index = :i ORDER BY t.seq")
                .bind("id", sessionId).bind("i", turnIndex).map((rs, c) -> reviewTurn(rs)).list())
                .stream().flatMap(Optional::stream).findFirst();
    }

    /** The caller turn's stage, N-best and slot beliefs, and the bot line the caller was answering. */
    Optional<TurnContext> turnContext(String sessionId, int turnIndex) {
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT turn_index, stage, heard_json, belief_json, prompt FROM dialog_turns
                        WHERE session_id = :id AND turn_index IN (:i - 1, :i) ORDER BY seq""")
                .bind("id", sessionId).bind("i", turnIndex).mapToMap().list());
        String before = null;
        for (Map<String, Object> r : rows) {
            int index = ((Number) r.get("turn_index")).intValue();
            if (index == turnIndex - 1) {
                before = (String) r.get("prompt");
            } else {
                return Optional.of(TurnContext.of((String) r.get("stage"), read((String) r.get("heard_json")),
                        read((String) r.get("belief_json")), before));
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("对话轮次数据损坏：" + e.getOriginalMessage(), e);
        }
    }

    private static final String TURNS = """
            SELECT t.session_id, t.turn_index, t.heard_json, t.intents_json, t.action, s.scenario_id
            FROM dialog_turns t JOIN dialog_sessions s ON s.session_id = t.session_id""";

    /** Empty for rows without a caller utterance (silence, DTMF only). */
    private static Optional<ReviewTurn> reviewTurn(ResultSet rs) throws SQLException {
        try {
            JsonNode heard = JSON.readTree(rs.getString("heard_json"));
            if (!heard.isArray() || heard.isEmpty() || !heard.get(0).hasNonNull("text")) {
                return Optional.empty();
            }
            String top = null;
            double p = 0;
            for (var e : JSON.readTree(rs.getString("intents_json")).properties()) {
                if (top == null || e.getValue().asDouble() > p) {
                    top = e.getKey();
                    p = e.getValue().asDouble();
                }
            }
            return Optional.of(new ReviewTurn(rs.getString("session_id"), rs.getInt("turn_index"),
                    rs.getString("scenario_id"), heard.get(0).get("text").asText(), top, p, rs.getString("action")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("对话轮次数据损坏：" + e.getOriginalMessage(), e);
        }
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

    void saveFaq(String yaml, String by) {
        jdbi.useTransaction(h -> {
            int next = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM dialog_faq").mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO dialog_faq (version, yaml_text, created_at, created_by) VALUES (:v, :y, :now, :by)")
                    .bind("v", next).bind("y", yaml).bind("now", now()).bind("by", by).execute();
        });
    }

    /** The tenant's newest FAQ upload, if any. */
    Optional<String> latestFaq() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT yaml_text FROM dialog_faq WHERE version = (SELECT MAX(version) FROM dialog_faq)")
                .mapTo(String.class).findOne());
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
