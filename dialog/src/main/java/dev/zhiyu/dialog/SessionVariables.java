package dev.zhiyu.dialog;

import java.util.HashMap;
import java.util.Map;

/** Checks the variables a call brings against the scenario and adds the derived ones ({@code step_name}). */
final class SessionVariables {
    private SessionVariables() {
    }

    static Map<String, String> resolve(Scenario scenario, Map<String, String> given) {
        Map<String, String> values = new HashMap<>();
        for (Scenario.Variable v : scenario.variables()) {
            String value = given.get(v.name());
            if (value == null || value.isBlank()) {
                if (v.required()) {
                    throw new IllegalArgumentException("场景 " + scenario.id() + " 需要变量 " + v.name());
                }
                value = v.defaultValue() == null ? "" : v.defaultValue();
            }
            value = Utterances.bounded(value);
            if (!v.allowed().isEmpty() && !v.allowed().contains(value)) {
                throw new IllegalArgumentException("变量 " + v.name() + " 的值 " + value + " 不在允许范围 " + v.allowed() + " 内");
            }
            values.put(v.name(), value);
        }
        String step = values.get("stop_step");
        if (step != null && scenario.steps().containsKey(step)) {
            values.put("step_name", scenario.steps().get(step));
        }
        return values;
    }
}
