package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.zhiyu.nlp.SentenceEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations written as a customer would speak (fillers, partial answers, times, off-script questions), each turn
 * with what the bot must do: {@code says} (text it must contain), {@code not_says}, {@code action} (the turn's
 * decision: {@code follow:<intent>}, {@code confirm}, {@code reprompt}, {@code faq}, {@code no_advice} …),
 * {@code stage} (where the call is after the turn), {@code ends} and {@code does} (hangup, transfer, sms, opt_out);
 * and the outcome ({@code label}, {@code slots}). Files: {@code conversations/*.yaml} beside this class. The shipped
 * scenario with the shipped generic intents and FAQ, the clock at each conversation's {@code now}. The generic model
 * is the fast maxent one; {@code -Dzhiyu.dialog.intent.model=builtin:generic} runs them with the server's default.
 * A conversation whose expectations hang on one model's confidences names it in {@code intent_model}; run with another
 * model it is reported as aborted with that reason. A conversation marked {@code known_issue} (why) that still goes wrong is reported as aborted with that reason, not
 * hidden; once it goes as written it fails until the mark is removed, so the list of known issues stays true.
 */
class ScriptedConversationsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> FILES = List.of("callback-times.yaml", "opt-out-and-ending.yaml",
            "off-script.yaml", "identity-and-problems.yaml", "ending-confirmation.yaml", "mixed-answers.yaml");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String CI_MODEL = "builtin:generic-maxent";
    private static final String MODEL = System.getProperty("zhiyu.dialog.intent.model", CI_MODEL);

    @TempDir
    static Path dir;
    static FaqAnswers faq;

    static dev.zhiyu.nlp.IntentClassifier intents;

    @BeforeAll
    static void openFaq() throws IOException {
        faq = FaqAnswers.open(dir, SentenceEncoder.bgeSmallZh(), List.of());
        intents = MODEL.equals(CI_MODEL) ? Conversations.generic()
                : new dev.zhiyu.nlp.IntentCascade(dev.zhiyu.nlp.IntentRules.builtinGeneric(), dev.zhiyu.nlp.IntentModel.load(MODEL));
    }

    @AfterAll
    static void closeFaq() {
        faq.close();
    }

    @TestFactory
    Stream<DynamicTest> everyScriptedConversationGoesAsWritten() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = ScriptedConversationsTest.class.getResourceAsStream("conversations/" + file)) {
                for (JsonNode c : YAML.readTree(in)) {
                    tests.add(DynamicTest.dynamicTest(file + "：" + c.path("name").asText(), () -> runMarked(c)));
                }
            }
        }
        assertTrue(tests.size() >= 60, "at least 60 scripted conversations: " + tests.size());
        return tests.stream();
    }

    private static void runMarked(JsonNode c) {
        String writtenFor = c.path("intent_model").asText(MODEL);
        if (!writtenFor.equals(MODEL)) {
            org.junit.jupiter.api.Assumptions.abort("按 " + writtenFor + " 的置信度写成，本次用的是 " + MODEL);
        }
        if (!c.has("known_issue")) {
            run(c);
            return;
        }
        try {
            run(c);
        } catch (AssertionError e) {
            org.junit.jupiter.api.Assumptions.abort("已知问题（" + c.get("known_issue").asText() + "）：" + e.getMessage());
        }
        throw new AssertionError("标为已知问题的对话现在按脚本进行了，请去掉 known_issue：" + c.path("name").asText());
    }

    private static void run(JsonNode c) {
        LocalDateTime now = LocalDateTime.parse(c.path("now").asText("2026-12-03T10:00"));
        List<TurnRecord> records = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        ScenarioEngine engine = new ScenarioEngine("acme", intents,
                Clock.fixed(now.atZone(ZONE).toInstant(), ZONE), new TurnListener() {
                    @Override
                    public void turn(TurnRecord turn) {
                        records.add(turn);
                    }

                    @Override
                    public void ended(String tenant, String sessionId, Outcome outcome) {
                        outcomes.add(outcome);
                    }
                }, false);
        engine.useSentences(SentenceEncoder.bgeSmallZh());
        engine.install(ScenarioLoader.accountOpeningCallback());
        engine.useKnowledge(faq);
        DialogSession s = engine.open(new SessionRequest("acme", "account-opening-callback", "s", "phone",
                Map.of("customer_name", "王先生", "stop_step", c.path("stop_step").asText("4"))));
        List<String> log = new ArrayList<>(List.of("机器人：" + s.start().text()));
        int n = 0;
        for (JsonNode t : c.path("turns")) {
            n++;
            String said = t.path("customer").asText();
            BotTurn bot = said.isEmpty() ? s.silence() : s.hear(UserInput.text(said));
            TurnRecord r = records.get(records.size() - 1);
            log.add("客户：" + said);
            log.add("机器人：" + bot.text() + " [" + r.action() + " → " + r.stage() + " " + r.actions() + " " + r.intents() + "]");
            check(t.path("expect"), bot, r, "第 " + n + " 轮\n" + String.join("\n", log));
        }
        JsonNode expected = c.path("outcome");
        if (!expected.isMissingNode()) {
            Outcome o = s.end(DialogSession.EndReason.USER_HUNG_UP);
            String where = "结果\n" + String.join("\n", log);
            if (expected.has("label")) {
                assertEquals(expected.get("label").asText(), o.label(), where);
            }
            expected.path("slots").properties().forEach(e -> assertEquals(e.getValue().asText(), o.slots().get(e.getKey()),
                    "槽位 " + e.getKey() + "：" + where));
        }
    }

    private static void check(JsonNode expect, BotTurn bot, TurnRecord r, String where) {
        for (JsonNode text : list(expect.path("says"))) {
            assertTrue(bot.text().contains(text.asText()), "应说出「" + text.asText() + "」：" + where);
        }
        for (JsonNode text : list(expect.path("not_says"))) {
            assertTrue(!bot.text().contains(text.asText()), "不应说出「" + text.asText() + "」：" + where);
        }
        if (expect.has("action")) {
            assertEquals(expect.get("action").asText(), r.action(), "决策：" + where);
        }
        if (expect.has("stage")) {
            assertEquals(expect.get("stage").asText(), r.stage(), "阶段：" + where);
        }
        boolean ended = bot.actions().stream().anyMatch(a -> a instanceof BotAction.HangUp || a instanceof BotAction.Transfer);
        if (expect.has("ends")) {
            assertEquals(expect.get("ends").asBoolean(), ended, "是否结束通话：" + where);
        }
        if (expect.has("does")) {
            String does = expect.get("does").asText();
            assertTrue(bot.actions().stream().anyMatch(a -> does.equals(kind(a))), "应执行 " + does + "：" + where);
        }
    }

    private static String kind(BotAction a) {
        return switch (a) {
            case BotAction.HangUp h -> "hangup";
            case BotAction.Transfer t -> "transfer";
            case BotAction.SendSms m -> "sms";
            case BotAction.OptOut o -> "opt_out";
            default -> a.getClass().getSimpleName();
        };
    }

    private static Iterable<JsonNode> list(JsonNode n) {
        if (n.isMissingNode()) {
            return List.of();
        }
        return n.isArray() ? n : List.of(n);
    }
}
