package dev.zhiyu.dialog;

import java.util.Map;

/**
 * What a channel knows when a conversation starts.
 *
 * @param variables values that arrive with the call, e.g. the customer's name or the step where account opening stopped
 * @param channel   "text" or "phone"; the engine may phrase prompts differently for each
 */
public record SessionRequest(String tenant, String scenario, String sessionId, String channel,
                             Map<String, String> variables) {
    public SessionRequest {
        variables = Map.copyOf(variables);
    }
}
