package dev.zhiyu.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The conversation flow of a scenario: its stages, their transitions and the global handlers. Every prompt a step
 * names must exist and every {@code goto} must name a stage.
 */
final class ScenarioFlow {
    private static final Set<String> OUTCOMES = Set.of("A", "B", "C", "D");
    private static final Pattern ACTION = Pattern.compile("^(sms:[a-z0-9_]+|transfer:[a-z0-9_]+|opt_out)$");

    private final YamlFields f;
    private final Map<String, List<String>> prompts;

    ScenarioFlow(YamlFields f, Map<String, List<String>> prompts) {
        this.f = f;
        this.prompts = prompts;
    }

    List<Scenario.Stage> stages(JsonNode node, List<Scenario.Slot> slots) {
        List<Scenario.Stage> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> slotNames = new HashSet<>(slots.stream().map(Scenario.Slot::name).toList());
        f.forEachItem(node, "/stages", (n, ptr) -> {
            f.allowOnly(n, ptr, "id", "prompt", "reprompt", "resume", "slot", "on");
            String id = f.unique(ids, f.text(n, ptr, "id"), ptr + "/id");
            String prompt = promptRef(n, ptr, "prompt", true);
            String reprompt = promptRef(n, ptr, "reprompt", false);
            String resume = promptRef(n, ptr, "resume", false);
            String slot = n.hasNonNull("slot") ? n.get("slot").asText() : null;
            if (slot != null && !slotNames.contains(slot)) {
                throw f.error(ptr + "/slot", "槽位 " + slot + " 未在 slots 中定义");
            }
            if (slot != null && !prompts.containsKey("confirm_" + slot)) {
                throw f.error(ptr + "/slot", "填槽阶段需要确认用的提示语 confirm_" + slot);
            }
            Map<String, Scenario.Transition> on = new LinkedHashMap<>();
            n.path("on").fields().forEachRemaining(e ->
                    on.put(e.getKey(), transition(e.getValue(), ptr + "/on/" + e.getKey())));
            out.add(new Scenario.Stage(id, prompt, reprompt, resume, slot, on));
        });
        if (out.isEmpty()) {
            throw f.error("/stages", "至少要有一个阶段");
        }
        return out;
    }

    /** The stages' own transitions must lead to existing stages. */
    void checkTargets(List<Scenario.Stage> stages) {
        Set<String> stageIds = stageIds(stages);
        for (int i = 0; i < stages.size(); i++) {
            for (var e : stages.get(i).on().entrySet()) {
                checkTarget(e.getValue(), stageIds, "/stages/" + i + "/on/" + e.getKey());
            }
        }
    }

    Map<String, Scenario.Transition> handlers(JsonNode node, List<Scenario.Stage> stages) {
        Set<String> stageIds = stageIds(stages);
        Map<String, Scenario.Transition> handlers = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String ptr = "/handlers/" + e.getKey();
            Scenario.Transition t = transition(e.getValue(), ptr);
            checkTarget(t, stageIds, ptr);
            handlers.put(e.getKey(), t);
        });
        return handlers;
    }

    private static Set<String> stageIds(List<Scenario.Stage> stages) {
        return new HashSet<>(stages.stream().map(Scenario.Stage::id).toList());
    }

    private Scenario.Transition transition(JsonNode n, String ptr) {
        f.allowOnly(n, ptr, "goto", "end", "reply", "prompt", "action", "outcome");
        int kinds = (n.has("goto") ? 1 : 0) + (n.has("end") ? 1 : 0) + (n.has("reply") ? 1 : 0);
        if (kinds != 1) {
            throw f.error(ptr, "goto、end、reply 三者必须且只能有一个");
        }
        String action = n.hasNonNull("action") ? n.get("action").asText() : null;
        if (action != null && !ACTION.matcher(action).matches()) {
            throw f.error(ptr + "/action", "动作应为 sms:<模板>、transfer:<目标> 或 opt_out，而不是 " + action);
        }
        String outcome = n.hasNonNull("outcome") ? n.get("outcome").asText() : null;
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw f.error(ptr + "/outcome", "结果标签应为 A、B、C 或 D");
        }
        return new Scenario.Transition(n.hasNonNull("goto") ? n.get("goto").asText() : null,
                promptRef(n, ptr, "end", false), promptRef(n, ptr, "reply", false),
                promptRef(n, ptr, "prompt", false), action, outcome);
    }

    private void checkTarget(Scenario.Transition t, Set<String> stageIds, String ptr) {
        if (t.gotoStage() != null && !stageIds.contains(t.gotoStage())) {
            throw f.error(ptr + "/goto", "没有阶段 " + t.gotoStage());
        }
    }

    /** The prompt key in {@code field}, which must name a prompt; null when absent and not required. */
    String promptRef(JsonNode n, String ptr, String field, boolean required) {
        if (!n.hasNonNull(field)) {
            if (required) {
                throw f.error(ptr, "缺少 " + field);
            }
            return null;
        }
        String ref = n.get(field).asText();
        if (!prompts.containsKey(ref)) {
            throw f.error(ptr + "/" + field, "没有提示语 " + ref);
        }
        return ref;
    }
}
