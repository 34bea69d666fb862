package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.server.Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Simulated text calls of the shipped scenario with dialect replies the generic model gets wrong. */
final class Calls {
    static final String SCENARIO = "account-opening-callback";
    static final String PURPOSE = "intent:" + SCENARIO;
    /** Replies to "is that Mr Wang?" in Sichuan and Shanghai dialects, with the intent an annotator gives them. */
    static final Map<String, String> DIALECT = dialect();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Calls() {
    }

    private static Map<String, String> dialect() {
        Map<String, String> m = new LinkedHashMap<>();
        List.of("要得", "要得要得", "得嘞", "得嘞得嘞", "要得嘛", "得嘞没问题", "要得噻", "中嘞中嘞").forEach(t -> m.put(t, "affirm"));
        List.of("阿拉勿要", "勿要勿要", "拉倒吧", "算球了", "要不得", "不得行", "阿拉勿要哦", "拉倒吧不弄")
                .forEach(t -> m.put(t, "not_interested"));
        List.of("侬是啥人", "侬啥人啊", "你是哪个", "你是哪个嘛", "侬是啥人啊", "你是哪个哦", "侬到底啥人", "你哪个嘛")
                .forEach(t -> m.put(t, "ask_identity"));
        return m;
    }

    static String start(Api api) {
        Api.Response r = api.post("/api/dialog/sessions", Map.of("scenario", SCENARIO,
                "variables", Map.of("customer_name", "王先生", "stop_step", "4")));
        assertEquals(201, r.status(), r.toString());
        return r.json().get("sessionId").asText();
    }

    /** Returns the HTTP status (200 while the call goes on, 409 once it has ended). */
    static int say(Api api, String session, String text) {
        return api.post("/api/dialog/sessions/" + session + "/turns", Map.of("text", text)).status();
    }

    /** A call in which the caller gives the reply, then says it again; returns the session id. */
    static String call(Api api, String text) {
        String s = start(api);
        assertEquals(200, say(api, s, text));
        if (say(api, s, text) == 200) {
            api.delete("/api/dialog/sessions/" + s);
        }
        return s;
    }

    /** The top intent the engine heard in the session's caller turn {@code index}. */
    static String heard(Api api, String session, int index) {
        JsonNode transcript = api.get("/api/dialog/sessions/" + session + "/transcript").json();
        for (JsonNode turn : transcript) {
            if (turn.get("turnIndex").asInt() == index && !turn.get("heard").isEmpty()) {
                String top = null;
                double best = -1;
                for (var e : turn.get("intents").properties()) {
                    if (e.getValue().asDouble() > best) {
                        best = e.getValue().asDouble();
                        top = e.getKey();
                    }
                }
                return top;
            }
        }
        throw new AssertionError("no caller turn " + index + " in " + transcript);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
