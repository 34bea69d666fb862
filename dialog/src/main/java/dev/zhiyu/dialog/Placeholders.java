package dev.zhiyu.dialog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names prompts may use as {@code {placeholder}}: variables, constants, function results, non-problem slots and
 * what the engine fills at run time. Prompts may use only those, and an entity slot's name must not shadow another.
 */
final class Placeholders {
    /** Placeholders the engine fills at run time, beyond variables and constants. */
    private static final Set<String> RUNTIME_PLACEHOLDERS = Set.of("step_name", "answer", "problem_label", "callback_time",
            "callback_partial");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");

    private final YamlFields f;

    Placeholders(YamlFields f) {
        this.f = f;
    }

    /** The value of an entity slot is the placeholder of its name, so the name must not shadow another one. */
    void checkSlotNames(List<Scenario.Slot> slots, List<Scenario.Variable> variables, Map<String, String> constants) {
        Set<String> taken = new HashSet<>(RUNTIME_PLACEHOLDERS);
        taken.addAll(constants.keySet());
        variables.forEach(v -> taken.add(v.name()));
        for (int i = 0; i < slots.size(); i++) {
            Scenario.Slot s = slots.get(i);
            if (s.type().equals(Scenario.Slot.ENTITY) && taken.contains(s.name())) {
                throw f.error("/slots/" + i + "/name", "entity 槽位名 " + s.name() + " 与变量、常量或内置占位符重名，请换一个名字");
            }
        }
    }

    void checkPlaceholders(Map<String, List<String>> prompts, List<Scenario.Variable> variables,
                           Map<String, String> constants, List<Scenario.Function> functions,
                           List<Scenario.Slot> slots) {
        Set<String> known = new HashSet<>(RUNTIME_PLACEHOLDERS);
        slots.stream().filter(s -> !s.type().equals(Scenario.Slot.PROBLEM)).forEach(s -> known.add(s.name()));
        functions.forEach(fn -> known.add("fn_" + fn.id()));
        known.addAll(constants.keySet());
        variables.forEach(v -> known.add(v.name()));
        prompts.forEach((key, variants) -> {
            for (int i = 0; i < variants.size(); i++) {
                Matcher m = PLACEHOLDER.matcher(variants.get(i));
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        throw f.error("/prompts/" + key + "/" + i, "未知占位符 {" + m.group(1) + "}；可用的有 " + known);
                    }
                }
            }
        });
    }
}
