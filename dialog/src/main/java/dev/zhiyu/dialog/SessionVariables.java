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
            String refusal = v.refusal(value);
            if (refusal != null) {
                throw new IllegalArgumentException("场景 " + scenario.id() + " " + refusal);
            }
            values.put(v.name(), v.valueFor(value));
        }
        String step = values.get("stop_step");
        if (step != null && scenario.steps().containsKey(step)) {
            values.put("step_name", scenario.steps().get(step));
        }
        return values;
    }
}
