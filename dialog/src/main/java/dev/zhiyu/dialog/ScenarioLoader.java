package dev.zhiyu.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a scenario from YAML and validates it completely; every error names its line. */
public final class ScenarioLoader {
    static final Set<String> OUTCOMES = Set.of("A", "B", "C", "D");
    /** Placeholders the engine fills at run time, beyond variables and constants. */
    static final Set<String> RUNTIME_PLACEHOLDERS = Set.of("step_name", "answer", "problem_label", "callback_time",
            "callback_partial");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");
    private static final Pattern ACTION = Pattern.compile("^(sms:[a-z0-9_]+|transfer:[a-z0-9_]+|opt_out)$");
    /** Slot entity types as the annotation format writes them ({@code [招商银行|bank]}). */
    private static final Pattern ENTITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final YamlTree tree;

    private ScenarioLoader(YamlTree tree) {
        this.tree = tree;
    }

    public static Scenario load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The shipped 开户断点回访 scenario. */
    public static Scenario accountOpeningCallback() {
        String name = "scenarios/account-opening-callback.yaml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(name)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + name);
        } catch (IOException e) {
            throw new IllegalStateException("内置场景缺失：" + name, e);
        }
    }

    public static Scenario parse(String yaml, String source) {
        return new ScenarioLoader(YamlTree.parse(yaml, source)).scenario();
    }

    private Scenario scenario() {
        JsonNode r = tree.root;
        allowOnly(r, "", "id", "name", "constants", "variables", "steps", "slots", "limits", "thresholds",
                "problems", "intents", "prompts", "stages", "handlers", "functions");
        Map<String, String> steps = stringMap(r.path("steps"), "/steps");
        List<Scenario.Problem> problems = problems(r.path("problems"), steps);
        Map<String, List<String>> prompts = prompts(r.path("prompts"));
        List<Scenario.Variable> variables = variables(r.path("variables"));
        Map<String, String> constants = stringMap(r.path("constants"), "/constants");
        List<Scenario.Function> functions = functions(r.path("functions"), prompts);
        List<Scenario.Slot> slots = slots(r.path("slots"));
        checkSlotNames(slots, variables, constants);
        checkPlaceholders(prompts, variables, constants, functions, slots);
        List<Scenario.Stage> stages = stages(r.path("stages"), prompts, slots);
        Set<String> stageIds = new HashSet<>(stages.stream().map(Scenario.Stage::id).toList());
        for (int i = 0; i < stages.size(); i++) {
            for (var e : stages.get(i).on().entrySet()) {
                checkTarget(e.getValue(), stageIds, "/stages/" + i + "/on/" + e.getKey());
            }
        }
        Map<String, Scenario.Transition> handlers = new LinkedHashMap<>();
        r.path("handlers").fields().forEachRemaining(e -> {
            String ptr = "/handlers/" + e.getKey();
            Scenario.Transition t = transition(e.getValue(), ptr, prompts);
            checkTarget(t, stageIds, ptr);
            handlers.put(e.getKey(), t);
        });
        return new Scenario(text(r, "", "id"), text(r, "", "name"), constants, variables, steps, slots,
                limits(r.path("limits")), thresholds(r.path("thresholds")), problems,
                intents(r.path("intents")), prompts, stages, handlers, functions);
    }

    private List<Scenario.Variable> variables(JsonNode node) {
        List<Scenario.Variable> out = new ArrayList<>();
        forEachItem(node, "/variables", (n, ptr) -> {
            allowOnly(n, ptr, "name", "required", "default", "allowed");
            List<String> allowed = new ArrayList<>();
            n.path("allowed").forEach(a -> allowed.add(a.asText()));
            out.add(new Scenario.Variable(text(n, ptr, "name"), n.path("required").asBoolean(false),
                    n.hasNonNull("default") ? n.get("default").asText() : null, List.copyOf(allowed)));
        });
        return out;
    }

    /** {@code type} may be left out when {@code entity} is given: {@code - {name: bank, entity: bank}}. */
    private List<Scenario.Slot> slots(JsonNode node) {
        List<Scenario.Slot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        forEachItem(node, "/slots", (n, ptr) -> {
            allowOnly(n, ptr, "name", "type", "entity", "confirm");
            String name = unique(names, text(n, ptr, "name"), ptr + "/name");
            String type = n.has("type") || !n.has("entity") ? text(n, ptr, "type") : Scenario.Slot.ENTITY;
            if (!Set.of(Scenario.Slot.PROBLEM, Scenario.Slot.DATETIME, Scenario.Slot.ENTITY).contains(type)) {
                throw tree.error(ptr + "/type", "槽位类型应为 problem、datetime 或 entity，而不是 " + type);
            }
            String entity = null;
            if (type.equals(Scenario.Slot.ENTITY)) {
                entity = entityType(n, ptr, name);
            } else if (n.has("entity")) {
                throw tree.error(ptr + "/entity", "只有 entity 类型的槽位才能写 entity；要从实体识别器取值，请把 type 改为 entity");
            }
            out.add(new Scenario.Slot(name, type, n.path("confirm").asBoolean(false), entity));
        });
        return out;
    }

    private String entityType(JsonNode n, String ptr, String slotName) {
        if (!n.has("entity")) {
            throw tree.error(ptr, "entity 槽位 " + slotName + " 缺少 entity（识别器的实体类型，如 entity: bank）");
        }
        String entity = text(n, ptr, "entity");
        if (!ENTITY_TYPE.matcher(entity).matches()) {
            throw tree.error(ptr + "/entity", "槽位 " + slotName + " 的实体类型 " + entity
                    + " 不合法：应以小写字母开头，只含小写字母、数字和下划线（与标注数据 [片段|类型] 中的类型一致）");
        }
        if (!SLOT_NAME.matcher(slotName).matches()) {
            throw tree.error(ptr + "/name", "entity 槽位名 " + slotName + " 会用作提示语占位符 {" + slotName
                    + "}，应只含小写字母、数字和下划线");
        }
        return entity;
    }

    /** The value of an entity slot is the placeholder of its name, so the name must not shadow another one. */
    private void checkSlotNames(List<Scenario.Slot> slots, List<Scenario.Variable> variables, Map<String, String> constants) {
        Set<String> taken = new HashSet<>(RUNTIME_PLACEHOLDERS);
        taken.addAll(constants.keySet());
        variables.forEach(v -> taken.add(v.name()));
        for (int i = 0; i < slots.size(); i++) {
            Scenario.Slot s = slots.get(i);
            if (s.type().equals(Scenario.Slot.ENTITY) && taken.contains(s.name())) {
                throw tree.error("/slots/" + i + "/name", "entity 槽位名 " + s.name() + " 与变量、常量或内置占位符重名，请换一个名字");
            }
        }
    }

    private Scenario.Limits limits(JsonNode n) {
        allowOnly(n, "/limits", "max_turns", "max_reprompts", "max_misunderstandings", "silence_timeout_ms",
                "max_duration_ms", "callback_window");
        CallbackTimes.Window window = callbackWindow(n.path("callback_window"));
        return new Scenario.Limits(positive(n, "/limits", "max_turns", 20), positive(n, "/limits", "max_reprompts", 2),
                positive(n, "/limits", "max_misunderstandings", 2), positive(n, "/limits", "silence_timeout_ms", 6000),
                positive(n, "/limits", "max_duration_ms", 300_000), window.first(), window.last());
    }

    /** "09:00-20:00": the times of day a callback may be agreed for. */
    private CallbackTimes.Window callbackWindow(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return CallbackTimes.Window.DEFAULT;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})")
                .matcher(n.asText().strip());
        try {
            if (m.matches()) {
                return new CallbackTimes.Window(time(m.group(1)), time(m.group(2)));
            }
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            throw tree.error("/limits/callback_window", "回访时段无效：" + e.getMessage());
        }
        throw tree.error("/limits/callback_window", "回访时段应写成 09:00-20:00，而不是 " + n.asText());
    }

    private static java.time.LocalTime time(String hhmm) {
        String[] p = hhmm.split(":");
        return java.time.LocalTime.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    private Scenario.Thresholds thresholds(JsonNode n) {
        allowOnly(n, "/thresholds", "accept", "confirm");
        double accept = n.path("accept").asDouble(0.55);
        double confirm = n.path("confirm").asDouble(0.25);
        if (!(0 < confirm && confirm < accept && accept <= 1)) {
            throw tree.error("/thresholds", "应满足 0 < confirm < accept ≤ 1");
        }
        return new Scenario.Thresholds(accept, confirm);
    }

    private List<Scenario.Problem> problems(JsonNode node, Map<String, String> steps) {
        List<Scenario.Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        forEachItem(node, "/problems", (n, ptr) -> {
            allowOnly(n, ptr, "id", "step", "label", "examples", "answer");
            String id = unique(ids, text(n, ptr, "id"), ptr + "/id");
            String step = text(n, ptr, "step");
            if (!steps.containsKey(step)) {
                throw tree.error(ptr + "/step", "步骤 " + step + " 不在 steps 中");
            }
            out.add(new Scenario.Problem(id, step, text(n, ptr, "label"), strings(n.path("examples"), ptr + "/examples"),
                    text(n, ptr, "answer")));
        });
        return out;
    }

    private List<Scenario.ExampleIntent> intents(JsonNode node) {
        List<Scenario.ExampleIntent> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        forEachItem(node, "/intents", (n, ptr) -> {
            allowOnly(n, ptr, "id", "examples");
            out.add(new Scenario.ExampleIntent(unique(ids, text(n, ptr, "id"), ptr + "/id"),
                    strings(n.path("examples"), ptr + "/examples")));
        });
        return out;
    }

    private Map<String, List<String>> prompts(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue(), "/prompts/" + e.getKey())));
        return out;
    }

    private List<Scenario.Function> functions(JsonNode node, Map<String, List<String>> prompts) {
        List<Scenario.Function> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        forEachItem(node, "/functions", (n, ptr) -> {
            allowOnly(n, ptr, "id", "url", "method", "timeout_ms", "retries", "result", "fallback");
            String id = unique(ids, text(n, ptr, "id"), ptr + "/id");
            if (!id.matches("[a-z][a-z0-9_]*")) {
                throw tree.error(ptr + "/id", "函数编号应为小写字母、数字和下划线");
            }
            String url = text(n, ptr, "url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw tree.error(ptr + "/url", "应为 http:// 或 https:// 地址");
            }
            String method = n.path("method").asText("GET");
            if (!method.equals("GET") && !method.equals("POST")) {
                throw tree.error(ptr + "/method", "应为 GET 或 POST");
            }
            int timeout = positive(n, ptr, "timeout_ms", 1500);
            int retries = n.path("retries").asInt(1);
            if (retries < 0 || retries > 5) {
                throw tree.error(ptr + "/retries", "应在 0 到 5 之间");
            }
            String fallback = promptRef(n, ptr, "fallback", prompts, true);
            if (prompts.get(fallback).stream().anyMatch(v -> v.contains("{fn_"))) {
                throw tree.error(ptr + "/fallback", "兜底提示语 " + fallback + " 不能再调用函数");
            }
            out.add(new Scenario.Function(id, url, method, timeout, retries,
                    n.hasNonNull("result") ? n.get("result").asText() : null, fallback));
        });
        return out;
    }

    private void checkPlaceholders(Map<String, List<String>> prompts, List<Scenario.Variable> variables,
                                   Map<String, String> constants, List<Scenario.Function> functions,
                                   List<Scenario.Slot> slots) {
        Set<String> known = new HashSet<>(RUNTIME_PLACEHOLDERS);
        slots.stream().filter(s -> !s.type().equals(Scenario.Slot.PROBLEM)).forEach(s -> known.add(s.name()));
        functions.forEach(f -> known.add("fn_" + f.id()));
        known.addAll(constants.keySet());
        variables.forEach(v -> known.add(v.name()));
        prompts.forEach((key, variants) -> {
            for (int i = 0; i < variants.size(); i++) {
                Matcher m = PLACEHOLDER.matcher(variants.get(i));
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        throw tree.error("/prompts/" + key + "/" + i, "未知占位符 {" + m.group(1) + "}；可用的有 " + known);
                    }
                }
            }
        });
    }

    private List<Scenario.Stage> stages(JsonNode node, Map<String, List<String>> prompts, List<Scenario.Slot> slots) {
        List<Scenario.Stage> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> slotNames = new HashSet<>(slots.stream().map(Scenario.Slot::name).toList());
        forEachItem(node, "/stages", (n, ptr) -> {
            allowOnly(n, ptr, "id", "prompt", "reprompt", "resume", "slot", "on");
            String id = unique(ids, text(n, ptr, "id"), ptr + "/id");
            String prompt = promptRef(n, ptr, "prompt", prompts, true);
            String reprompt = promptRef(n, ptr, "reprompt", prompts, false);
            String resume = promptRef(n, ptr, "resume", prompts, false);
            String slot = n.hasNonNull("slot") ? n.get("slot").asText() : null;
            if (slot != null && !slotNames.contains(slot)) {
                throw tree.error(ptr + "/slot", "槽位 " + slot + " 未在 slots 中定义");
            }
            if (slot != null && !prompts.containsKey("confirm_" + slot)) {
                throw tree.error(ptr + "/slot", "填槽阶段需要确认用的提示语 confirm_" + slot);
            }
            Map<String, Scenario.Transition> on = new LinkedHashMap<>();
            n.path("on").fields().forEachRemaining(e ->
                    on.put(e.getKey(), transition(e.getValue(), ptr + "/on/" + e.getKey(), prompts)));
            out.add(new Scenario.Stage(id, prompt, reprompt, resume, slot, on));
        });
        if (out.isEmpty()) {
            throw tree.error("/stages", "至少要有一个阶段");
        }
        return out;
    }

    private Scenario.Transition transition(JsonNode n, String ptr, Map<String, List<String>> prompts) {
        allowOnly(n, ptr, "goto", "end", "reply", "prompt", "action", "outcome");
        int kinds = (n.has("goto") ? 1 : 0) + (n.has("end") ? 1 : 0) + (n.has("reply") ? 1 : 0);
        if (kinds != 1) {
            throw tree.error(ptr, "goto、end、reply 三者必须且只能有一个");
        }
        String action = n.hasNonNull("action") ? n.get("action").asText() : null;
        if (action != null && !ACTION.matcher(action).matches()) {
            throw tree.error(ptr + "/action", "动作应为 sms:<模板>、transfer:<目标> 或 opt_out，而不是 " + action);
        }
        String outcome = n.hasNonNull("outcome") ? n.get("outcome").asText() : null;
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw tree.error(ptr + "/outcome", "结果标签应为 A、B、C 或 D");
        }
        return new Scenario.Transition(n.hasNonNull("goto") ? n.get("goto").asText() : null,
                promptRef(n, ptr, "end", prompts, false), promptRef(n, ptr, "reply", prompts, false),
                promptRef(n, ptr, "prompt", prompts, false), action, outcome);
    }

    private void checkTarget(Scenario.Transition t, Set<String> stageIds, String ptr) {
        if (t.gotoStage() != null && !stageIds.contains(t.gotoStage())) {
            throw tree.error(ptr + "/goto", "没有阶段 " + t.gotoStage());
        }
    }

    private String promptRef(JsonNode n, String ptr, String field, Map<String, List<String>> prompts, boolean required) {
        if (!n.hasNonNull(field)) {
            if (required) {
                throw tree.error(ptr, "缺少 " + field);
            }
            return null;
        }
        String ref = n.get(field).asText();
        if (!prompts.containsKey(ref)) {
            throw tree.error(ptr + "/" + field, "没有提示语 " + ref);
        }
        return ref;
    }

    private interface ItemVisitor {
        void visit(JsonNode item, String pointer);
    }

    private void forEachItem(JsonNode node, String ptr, ItemVisitor visitor) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw tree.error(ptr, "应为列表");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw tree.error(ptr + "/" + i, "列表项应为映射");
            }
            visitor.visit(node.get(i), ptr + "/" + i);
        }
    }

    private void allowOnly(JsonNode n, String ptr, String... keys) {
        if (n.isMissingNode()) {
            return;
        }
        if (!n.isObject()) {
            throw tree.error(ptr, "应为映射");
        }
        Set<String> allowed = Set.of(keys);
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw tree.error(ptr + "/" + f, "未知的键 " + f + "；可用的有 " + allowed);
            }
        });
    }

    private String text(JsonNode n, String ptr, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw tree.error(ptr + "/" + field, "缺少 " + field + " 或为空");
        }
        return v.asText().strip();
    }

    private List<String> strings(JsonNode n, String ptr) {
        if (!n.isArray() || n.isEmpty()) {
            throw tree.error(ptr, "应为非空的文本列表");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isValueNode() || n.get(i).asText().isBlank()) {
                throw tree.error(ptr + "/" + i, "应为非空文本");
            }
            out.add(n.get(i).asText().strip());
        }
        return List.copyOf(out);
    }

    private Map<String, String> stringMap(JsonNode n, String ptr) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (!n.isObject()) {
            throw tree.error(ptr, "应为映射");
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw tree.error(ptr + "/" + e.getKey(), "应为文本");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private int positive(JsonNode n, String ptr, String field, int defaultValue) {
        if (!n.has(field)) {
            return defaultValue;
        }
        JsonNode v = n.get(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw tree.error(ptr + "/" + field, field + " 应为正整数");
        }
        return v.asInt();
    }

    private String unique(Set<String> seen, String id, String ptr) {
        if (!seen.add(id)) {
            throw tree.error(ptr, "编号 " + id + " 重复");
        }
        return id;
    }
}
