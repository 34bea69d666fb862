package dev.zhiyu.server.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an annotator needs to judge a caller turn: the dialog stage, the recogniser's N-best (text and confidence), the
 * bot line the caller was answering, and the slot beliefs after the turn (e.g. which problem the caller described).
 */
public record TurnContext(String stage, List<Heard> heard, String botBefore, Map<String, Map<String, Double>> belief) {
    public record Heard(String text, double confidence) {
    }

    static TurnContext of(String stage, JsonNode heard, JsonNode belief, String botBefore) {
        List<Heard> nbest = new ArrayList<>();
        heard.forEach(h -> nbest.add(new Heard(h.path("text").asText(""), h.path("confidence").asDouble(0))));
        Map<String, Map<String, Double>> slots = new LinkedHashMap<>();
        belief.properties().forEach(slot -> {
            Map<String, Double> values = new LinkedHashMap<>();
            slot.getValue().properties().forEach(v -> values.put(v.getKey(), v.getValue().asDouble()));
            slots.put(slot.getKey(), values);
        });
        return new TurnContext(stage, List.copyOf(nbest), botBefore, slots);
    }
}
