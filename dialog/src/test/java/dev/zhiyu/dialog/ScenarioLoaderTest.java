package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    static final String MINIMAL = """
            id: mini
            name: 最小场景
            slots:
              - name: problem
                type: problem
            steps:
              "1": 注册
            problems:
              - id: p1
                step: "1"
                label: 收不到验证码
                examples: [收不到验证码]
                answer: 请稍后重试。
            prompts:
              hello: ["您好{customer_name}"]
              confirm_problem: ["是{problem_label}吗？"]
              wrong_person_bye: [再见]
              robot_answer: [我是AI]
              identity_answer: [我是AI]
              number_source_answer: [登记的号码]
              fraud_answer: [请拨打官方电话]
              purpose_answer: [回访]
              transfer: [转人工]
              opt_out_bye: [抱歉]
              abuse_reply: [抱歉]
              not_interested_bye: [再见]
              goodbye: [再见]
              later_bye: [再见]
            variables:
              - name: customer_name
                required: true
            stages:
              - id: start
                prompt: hello
                slot: problem
                on:
                  affirm: {end: goodbye, outcome: A}
            """;

    @Test
    void theShippedScenarioIsValid() {
        Scenario s = ScenarioLoader.accountOpeningCallback();
        assertEquals(5, s.steps().size());
        for (String step : s.steps().keySet()) {
            assertTrue(s.problems().stream().filter(p -> p.step().equals(step)).count() >= 4, "step " + step);
        }
        GlobalHandlers.forScenario(s);
    }

    @Test
    void aMinimalScenarioLoads() {
        Scenario s = ScenarioLoader.parse(MINIMAL, "mini.yaml");
        assertEquals("mini", s.id());
        GlobalHandlers.forScenario(s);
    }

    private static ScenarioException broken(String yaml) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "t.yaml"));
    }

    private static int lineOf(String yaml, String needle) {
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void errorsNameTheLine() {
        String unknownKey = MINIMAL.replace("    prompt: hello\n", "    prompt: hello\n    promt: typo\n");
        ScenarioException e = broken(unknownKey);
        assertEquals(lineOf(unknownKey, "promt"), e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("promt"));

        String badGoto = MINIMAL.replace("{end: goodbye, outcome: A}", "{goto: nowhere}");
        e = broken(badGoto);
        assertEquals(lineOf(badGoto, "nowhere"), e.line(), e.getMessage());

        String badPrompt = MINIMAL.replace("{end: goodbye, outcome: A}", "{end: farewell}");
        e = broken(badPrompt);
        assertTrue(e.getMessage().contains("farewell") && e.line() == lineOf(badPrompt, "farewell"), e.getMessage());

        String badPlaceholder = MINIMAL.replace("您好{customer_name}", "您好{customer_nmae}");
        e = broken(badPlaceholder);
        assertEquals(lineOf(badPlaceholder, "customer_nmae"), e.line(), e.getMessage());

        String badOutcome = MINIMAL.replace("outcome: A", "outcome: Z");
        assertEquals(lineOf(badOutcome, "outcome: Z"), broken(badOutcome).line());

        String badStep = MINIMAL.replace("    step: \"1\"", "    step: \"9\"");
        assertEquals(lineOf(badStep, "step: \"9\""), broken(badStep).line());

        String syntax = MINIMAL.replace("examples: [收不到验证码]", "examples: [收不到验证码");
        assertTrue(broken(syntax).line() > 0, "YAML syntax errors carry a line too");
    }

    /** MINIMAL plus an entity slot {@code slot} (the YAML of one list item) whose value a prompt uses. */
    private static String withEntitySlot(String slot) {
        return MINIMAL.replace("slots:\n", "slots:\n" + slot)
                .replace("  hello: [\"您好{customer_name}\"]\n", "  hello: [\"您好{customer_name}\"]\n  bank_ok: [\"好的，{bank}\"]\n");
    }

    @Test
    void entitySlotsLoadInBothForms() {
        Scenario s = ScenarioLoader.parse(withEntitySlot("  - {name: bank, entity: bank, confirm: true}\n"), "t.yaml");
        assertEquals(new Scenario.Slot("bank", "entity", true, "bank"), s.slots().get(0));
        s = ScenarioLoader.parse(withEntitySlot("  - name: bank\n    type: entity\n    entity: bank_name\n"), "t.yaml");
        assertEquals(new Scenario.Slot("bank", "entity", false, "bank_name"), s.slots().get(0));
        assertEquals(new Scenario.Slot("problem", "problem", false, null), s.slots().get(1));
    }

    @Test
    void badEntitySlotsAreRefusedAtTheirLine() {
        String[][] cases = {
                {"  - name: bank\n    type: entity\n", "- name: bank", "缺少 entity"},
                {"  - name: bank\n    type: entity\n    entity: \"\"\n", "entity: \"\"", "缺少 entity"},
                {"  - name: bank\n    type: entity\n    entity: ~\n", "entity: ~", "缺少 entity"},
                {"  - name: bank\n    type: entity\n    entity: Bank\n", "entity: Bank", "不合法"},
                {"  - name: bank\n    type: problem\n    entity: bank\n", "entity: bank", "type 改为 entity"},
                {"  - name: bank\n    type: entities\n", "type: entities", "problem、datetime 或 entity"},
                {"  - name: bank\n    entity: bank\n    entiy: bank\n", "entiy", "未知的键"},
                {"  - name: customer_name\n    entity: bank\n", "- name: customer_name", "重名"},
                {"  - name: 银行\n    entity: bank\n", "- name: 银行", "占位符"},
                {"  - name: problem\n    entity: bank\n", "- name: problem\n    type: problem", "重复"},
        };
        for (String[] c : cases) {
            String yaml = withEntitySlot(c[0]);
            ScenarioException e = broken(yaml);
            int expected = yaml.indexOf(c[1]) < 0 ? -1 : yaml.substring(0, yaml.indexOf(c[1])).split("\n", -1).length;
            assertEquals(expected, e.line(), c[0] + " → " + e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void anEntitySlotValueIsAPlaceholderButAnUnknownOneIsNot() {
        String noSlot = MINIMAL.replace("  hello: [\"您好{customer_name}\"]\n", "  hello: [\"您好{customer_name}\"]\n  bank_ok: [\"好的，{bank}\"]\n");
        ScenarioException e = broken(noSlot);
        assertEquals(lineOf(noSlot, "{bank}"), e.line(), e.getMessage());
    }

    @Test
    void theWrongPersonCheckMustAskTheIdentity() {
        // its answer is read the other way round: 是 = it is the person called, go on
        for (String ok : new String[] {"请问您是{customer_name}本人吗？", "请问是机主本人接听吗", "您是{customer_name}吗?"}) {
            ScenarioLoader.parse(withIdentityCheck(ok), "t.yaml");
        }
        for (String bad : new String[] {"您是说我们打错电话了，对吗？", "请问您是{customer_name}本人。", "不好意思打错了"}) {
            String yaml = withIdentityCheck("请问您是{customer_name}本人吗？\", \"" + bad);
            ScenarioException e = broken(yaml);
            assertEquals(lineOf(yaml, bad), e.line(), e.getMessage());
            assertTrue(e.getMessage().contains("check_wrong_person_bye") && e.getMessage().contains("问句"), e.getMessage());
        }
    }

    private static String withIdentityCheck(String variants) {
        return MINIMAL.replace("  wrong_person_bye: [再见]\n",
                "  wrong_person_bye: [再见]\n  check_wrong_person_bye:\n    - \"" + variants.replace("\", \"", "\"\n    - \"") + "\"\n");
    }

    @Test
    void aScenarioWithoutTheGlobalPromptsIsRejectedUnlessItOverridesThem() {
        Scenario s = ScenarioLoader.parse(MINIMAL.replace("  opt_out_bye: [抱歉]\n", ""), "t.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> GlobalHandlers.forScenario(s));
        assertTrue(e.getMessage().contains("opt_out_bye"), e.getMessage());
    }
}
