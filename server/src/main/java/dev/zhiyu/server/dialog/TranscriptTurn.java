package dev.zhiyu.server.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One stored turn of a dialog session as the API shows it: what was heard (N-best), the intent scores, the belief,
 * the action and prompt chosen, the actions run and each stage's time in microseconds — JSON values, not JSON text.
 */
public record TranscriptTurn(int turnIndex, String stage, JsonNode heard, String dtmf, JsonNode intents,
                             JsonNode belief, String action, String prompt, JsonNode actions, JsonNode micros,
                             Instant at) {
}
