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
    /** Slot entity types as the annotation format writes them ({@code [招商银行|bank]}). */
    private static final Pattern ENTITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern CALLBACK_WINDOW = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");

    private final YamlFields f;

    private ScenarioLoader(YamlTree tree) {
        this.f = new YamlFields(tree);
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
        JsonNode r = f.root();
        f.allowOnly(r, "", "id", "name", "constants", "variables", "steps", "slots", "limits", "thresholds",
                "problems", "intents", "prompts", "stages", "handlers", "functions");
        Map<String, String> steps = f.stringMap(r.path("steps"), "/steps");
        List<Scenario.Problem> problems = problems(r.path("problems"), steps);
        Map<String, List<String>> prompts = prompts(r.path("prompts"));
        ScenarioFlow flow = new ScenarioFlow(f, prompts);
        List<Scenario.Variable> variables = variables(r.path("variables"));
        Map<String, String> constants = f.stringMap(r.path("constants"), "/constants");
        List<Scenario.Function> functions = functions(r.path("functions"), prompts, flow);
        List<Scenario.Slot> slots = slots(r.path("slots"));
        Placeholders placeholders = new Placeholders(f);
        placeholders.checkSlotNames(slots, variables, constants);
        placeholders.checkPlaceholders(prompts, variables, constants, functions, slots);
        List<Scenario.Stage> stages = flow.stages(r.path("stages"), slots);
        flow.checkTargets(stages);
        Map<String, Scenario.Transition> handlers = flow.handlers(r.path("handlers"), stages);
        return new Scenario(f.text(r, "", "id"), f.text(r, "", "name"), constants, variables, steps, slots,
                limits(r.path("limits")), thresholds(r.path("thresholds")), problems,
                intents(r.path("intents")), prompts, stages, handlers, functions);
    }

    private List<Scenario.Variable> variables(JsonNode node) {
        List<Scenario.Variable> out = new ArrayList<>();
        f.forEachItem(node, "/variables", (n, ptr) -> {
            f.allowOnly(n, ptr, "name", "required", "default", "allowed");
            List<String> allowed = new ArrayList<>();
            n.path("allowed").forEach(a -> allowed.add(a.asText()));
            Scenario.Variable v = new Scenario.Variable(f.text(n, ptr, "name"), n.path("required").asBoolean(false),
                    n.hasNonNull("default") ? n.get("default").asText() : null, List.copyOf(allowed));
            if (!v.required() && v.refusal(null) != null) {
                // otherwise every call without this variable would be refused at its start
                throw f.error(ptr + "/default", "变量 " + v.name() + " 的默认值须在 allowed 之内：请改默认值，或设为 required: true");
            }
            out.add(v);
        });
        return out;
    }

    /** {@code type} may be left out when {@code entity} is given: {@code - {name: bank, entity: bank}}. */
    private List<Scenario.Slot> slots(JsonNode node) {
        List<Scenario.Slot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        f.forEachItem(node, "/slots", (n, ptr) -> {
            f.allowOnly(n, ptr, "name", "type", "entity", "confirm");
            String name = f.unique(names, f.text(n, ptr, "name"), ptr + "/name");
            String type = n.has("type") || !n.has("entity") ? f.text(n, ptr, "type") : Scenario.Slot.ENTITY;
            if (!Set.of(Scenario.Slot.PROBLEM, Scenario.Slot.DATETIME, Scenario.Slot.ENTITY).contains(type)) {
                throw f.error(ptr + "/type", "槽位类型应为 problem、datetime 或 entity，而不是 " + type);
            }
            String entity = null;
            if (type.equals(Scenario.Slot.ENTITY)) {
                entity = entityType(n, ptr, name);
            } else if (n.has("entity")) {
                throw f.error(ptr + "/entity", "只有 entity 类型的槽位才能写 entity；要从实体识别器取值，请把 type 改为 entity");
            }
            out.add(new Scenario.Slot(name, type, n.path("confirm").asBoolean(false), entity));
        });
        return out;
    }

    private String entityType(JsonNode n, String ptr, String slotName) {
        if (!n.has("entity")) {
            throw f.error(ptr, "entity 槽位 " + slotName + " 缺少 entity（识别器的实体类型，如 entity: bank）");
        }
        String entity = f.text(n, ptr, "entity");
        if (!ENTITY_TYPE.matcher(entity).matches()) {
            throw f.error(ptr + "/entity", "槽位 " + slotName + " 的实体类型 " + entity
                    + " 不合法：应以小写字母开头，只含小写字母、数字和下划线（与标注数据 [片段|类型] 中的类型一致）");
        }
        if (!SLOT_NAME.matcher(slotName).matches()) {
            throw f.error(ptr + "/name", "entity 槽位名 " + slotName + " 会用作提示语占位符 {" + slotName
                    + "}，应只含小写字母、数字和下划线");
        }
        return entity;
    }

    private Scenario.Limits limits(JsonNode n) {
        f.allowOnly(n, "/limits", "max_turns", "max_reprompts", "max_misunderstandings", "silence_timeout_ms",
                "max_duration_ms", "callback_window");
        CallbackTimes.Window window = callbackWindow(n.path("callback_window"));
        return new Scenario.Limits(f.positive(n, "/limits", "max_turns", 20), f.positive(n, "/limits", "max_reprompts", 2),
                f.positive(n, "/limits", "max_misunderstandings", 2), f.positive(n, "/limits", "silence_timeout_ms", 6000),
                f.positive(n, "/limits", "max_duration_ms", 300_000), window.first(), window.last());
    }

    /** "09:00-20:00": the times of day a callback may be agreed for. */
    private CallbackTimes.Window callbackWindow(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return CallbackTimes.Window.DEFAULT;
        }
        Matcher m = CALLBACK_WINDOW.matcher(n.asText().strip());
        try {
            if (m.matches()) {
                return new CallbackTimes.Window(time(m.group(1)), time(m.group(2)));
            }
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            throw f.error("/limits/callback_window", "回访时段无效：" + e.getMessage());
        }
        throw f.error("/limits/callback_window", "回访时段应写成 09:00-20:00，而不是 " + n.asText());
    }

    private static java.time.LocalTime time(String hhmm) {
        String[] p = hhmm.split(":");
        return java.time.LocalTime.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    private Scenario.Thresholds thresholds(JsonNode n) {
        f.allowOnly(n, "/thresholds", "accept", "confirm", "end_call");
        double accept = n.path("accept").asDouble(0.55);
        double confirm = n.path("confirm").asDouble(0.25);
        if (!(0 < confirm && confirm < accept && accept <= 1)) {
            throw f.error("/thresholds", "应满足 0 < confirm < accept ≤ 1");
        }
        double endCall = n.path("end_call").asDouble(Scenario.Thresholds.DEFAULT_END_CALL);
        if (!(0 < endCall && endCall <= 1)) {
            throw f.error("/thresholds/end_call", "end_call 应在 0 到 1 之间（不含 0）");
        }
        Set<String> explicit = new HashSet<>();
        n.fieldNames().forEachRemaining(explicit::add);
        return new Scenario.Thresholds(accept, confirm, endCall, explicit);
    }

    private List<Scenario.Problem> problems(JsonNode node, Map<String, String> steps) {
        List<Scenario.Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        f.forEachItem(node, "/problems", (n, ptr) -> {
            f.allowOnly(n, ptr, "id", "step", "label", "examples", "answer");
            String id = f.unique(ids, f.text(n, ptr, "id"), ptr + "/id");
            String step = f.text(n, ptr, "step");
            if (!steps.containsKey(step)) {
                throw f.error(ptr + "/step", "步骤 " + step + " 不在 steps 中");
            }
            out.add(new Scenario.Problem(id, step, f.text(n, ptr, "label"), f.strings(n.path("examples"), ptr + "/examples"),
                    f.text(n, ptr, "answer")));
        });
        return out;
    }

    private List<Scenario.ExampleIntent> intents(JsonNode node) {
        List<Scenario.ExampleIntent> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        f.forEachItem(node, "/intents", (n, ptr) -> {
            f.allowOnly(n, ptr, "id", "examples");
            out.add(new Scenario.ExampleIntent(f.unique(ids, f.text(n, ptr, "id"), ptr + "/id"),
                    f.strings(n.path("examples"), ptr + "/examples")));
        });
        return out;
    }

    private Map<String, List<String>> prompts(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), f.strings(e.getValue(), "/prompts/" + e.getKey())));
        List<String> identity = out.getOrDefault(EndingCheck.IDENTITY_PROMPT, List.of());
        for (int i = 0; i < identity.size(); i++) {
            if (!EndingCheck.isIdentityQuestion(identity.get(i))) {
                throw f.error("/prompts/" + EndingCheck.IDENTITY_PROMPT + "/" + i, EndingCheck.IDENTITY_PROMPT
                        + " 必须是确认身份的问句（以？或吗结尾，并含 {customer_name}、本人 或 机主），如 请问您是{customer_name}本人吗？"
                        + "——它的回答按相反方向理解（\"是\" = 是本人，继续通话）；现为：" + identity.get(i));
            }
        }
        return out;
    }

    private List<Scenario.Function> functions(JsonNode node, Map<String, List<String>> prompts, ScenarioFlow flow) {
        List<Scenario.Function> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        f.forEachItem(node, "/functions", (n, ptr) -> {
            f.allowOnly(n, ptr, "id", "url", "method", "timeout_ms", "retries", "result", "fallback");
            String id = f.unique(ids, f.text(n, ptr, "id"), ptr + "/id");
            if (!id.matches("[a-z][a-z0-9_]*")) {
                throw f.error(ptr + "/id", "函数编号应为小写字母、数字和下划线");
            }
            String url = f.text(n, ptr, "url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw f.error(ptr + "/url", "应为 http:// 或 https:// 地址");
            }
            String method = n.path("method").asText("GET");
            if (!method.equals("GET") && !method.equals("POST")) {
                throw f.error(ptr + "/method", "应为 GET 或 POST");
            }
            int timeout = f.positive(n, ptr, "timeout_ms", 1500);
            int retries = n.path("retries").asInt(1);
            if (retries < 0 || retries > 5) {
                throw f.error(ptr + "/retries", "应在 0 到 5 之间");
            }
            String fallback = flow.promptRef(n, ptr, "fallback", true);
            if (prompts.get(fallback).stream().anyMatch(v -> v.contains("{fn_"))) {
                throw f.error(ptr + "/fallback", "兜底提示语 " + fallback + " 不能再调用函数");
            }
            out.add(new Scenario.Function(id, url, method, timeout, retries,
                    n.hasNonNull("result") ? n.get("result").asText() : null, fallback));
        });
        return out;
    }
}
