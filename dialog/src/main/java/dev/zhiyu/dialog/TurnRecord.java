package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;

/**
 * One persisted turn: what was heard (N-best), what NLU and the tracker made of it, what the policy chose and what
 * the bot said, with the time each stage took (microseconds).
 */
public record TurnRecord(String tenant, String scenario, String sessionId, int index, String stage,
                         List<UserInput.Hypothesis> heard, String dtmf, Map<String, Double> intents,
                         Map<String, Map<String, Double>> belief, String action, String prompt,
                         List<BotAction> actions, Map<String, Long> micros) {
}
