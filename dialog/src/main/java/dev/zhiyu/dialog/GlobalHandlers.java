package dev.zhiyu.dialog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every scenario does for the generic outbound intents unless it overrides them: disclose truthfully,
 * answer identity and fraud worries with the official hotline, honour opt-outs, transfer on request, end politely.
 */
final class GlobalHandlers {
    private GlobalHandlers() {
    }

    static Map<String, Scenario.Transition> forScenario(Scenario scenario) {
        Map<String, Scenario.Transition> h = new LinkedHashMap<>();
        h.put("wrong_person", end("wrong_person_bye", null, "D"));
        h.put("ask_is_robot", reply("robot_answer"));
        h.put("ask_identity", reply("identity_answer"));
        h.put("ask_number_source", reply("number_source_answer"));
        h.put("suspect_fraud", reply("fraud_answer"));
        h.put("ask_purpose", reply("purpose_answer"));
        h.put("request_human", end("transfer", "transfer:agents", "A"));
        h.put("complain_harassment", end("opt_out_bye", "opt_out", "C"));
        h.put("abuse", reply("abuse_reply"));
        h.put("not_interested", end("not_interested_bye", null, "C"));
        h.put("goodbye", end("goodbye", null, "C"));
        h.put("already_done", end("goodbye", null, "A"));
        h.put("busy", scenario.stages().stream().anyMatch(s -> s.id().equals("callback"))
                ? new Scenario.Transition("callback", null, null, null, null, null)
                : end("later_bye", null, "B"));
        h.putAll(scenario.handlers());
        for (var e : h.entrySet()) {
            Scenario.Transition t = e.getValue();
            for (String prompt : new String[] {t.end(), t.reply(), t.prompt()}) {
                if (prompt != null && !scenario.prompts().containsKey(prompt)) {
                    throw new ScenarioException(scenario.id(), 0,
                            "全局处理 " + e.getKey() + " 需要提示语 " + prompt + "：请在 prompts 中提供，或在 handlers 中覆盖");
                }
            }
        }
        return h;
    }

    private static Scenario.Transition end(String prompt, String action, String outcome) {
        return new Scenario.Transition(null, prompt, null, null, action, outcome);
    }

    private static Scenario.Transition reply(String prompt) {
        return new Scenario.Transition(null, null, prompt, null, null, null);
    }
}
