package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.EntityRecognizer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code entity} slots filled by real CRF recognisers: the shipped bank/branch/product one (the default) and one
 * trained here on a handful of sentences that also know {@code app}, as corrections would teach it.
 */
class EntitySlotTest {
    static final String SCENARIO = """
            id: card-change
            name: 换绑银行卡
            variables:
              - name: customer_name
                required: true
            slots:
              - {name: bank, entity: bank}
              - name: app
                type: entity
                entity: app
            prompts:
              hello: ["{customer_name}您好，请问您要换绑到哪家银行的卡？"]
              confirm_bank: ["是{bank}吗？"]
              ask_app: ["好的，换到{bank}。请问您用的是哪个应用？"]
              confirm_app: ["是{app}吗？"]
              app_bye: ["好的，请在{app}里把卡换绑到{bank}，再见。"]
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
              escalate: [帮您转人工]
              no_input: [您还在吗？]
              no_input_bye: [再见]
              too_many_turns: [再见]
              hold_on: [您请说]
            limits:
              max_misunderstandings: 5
            stages:
              - id: ask_bank
                prompt: hello
                slot: bank
                on:
                  filled: {goto: ask_app}
              - id: ask_app
                prompt: ask_app
                slot: app
                on:
                  filled: {end: app_bye, outcome: A}
            """;
    static final String TRAINING = """
            我想换成[建设银行|bank]的卡
            [招商银行|bank]的卡绑不上
            换到[工商银行|bank]吧
            我的卡是[农业银行|bank]的
            我用的是[招商银行|bank]的卡
            换成[交通银行|bank]的卡
            不是[招商银行|bank]，是[建设银行|bank]
            我用的是[同花顺|app]
            我在[东方财富|app]上开的户
            [同花顺|app]打不开
            用[涨乐财富通|app]办的
            我下的是[东方财富|app]
            [涨乐财富通|app]老是闪退
            我在[平安证券|app]上操作的
            [平安证券|app]登录不了
            我用[同花顺|app]绑的[招商银行|bank]的卡
            """;

    @TempDir
    static Path dir;
    static EntityRecognizer withApps;

    @BeforeAll
    static void train() throws IOException {
        CrfSlotRecognizer crf = CrfSlotRecognizer.train(AnnotatedSentence.read(new StringReader(TRAINING), "corrections"),
                dir.resolve("ner"));
        withApps = (text, tokens) -> crf.recognize(text); // as the models module serves it
    }

    private final Map<String, TurnRecord> lastTurn = new ConcurrentHashMap<>();
    private final TurnListener listener = new TurnListener() {
        @Override
        public void turn(TurnRecord t) {
            lastTurn.put(t.sessionId(), t);
        }

        @Override
        public void ended(String tenant, String sessionId, Outcome outcome) {
        }
    };

    private ScenarioEngine engine(String tenant) {
        ScenarioEngine e = new ScenarioEngine(tenant, Conversations.generic(), Conversations.CLOCK, listener, false);
        e.install(ScenarioLoader.parse(SCENARIO, "card-change.yaml"));
        return e;
    }

    private static DialogSession open(ScenarioEngine engine, String tenant) {
        DialogSession s = engine.open(new SessionRequest(tenant, "card-change", "s-" + System.nanoTime(), "text",
                Map.of("customer_name", "王先生")));
        s.start();
        return s;
    }

    @Test
    void theLoaderReadsBothForms() {
        Scenario s = ScenarioLoader.parse(SCENARIO, "card-change.yaml");
        assertEquals(List.of(new Scenario.Slot("bank", "entity", false, "bank"), new Scenario.Slot("app", "entity", false, "app")),
                s.slots());
    }

    @Test
    void theDefaultRecogniserFillsTheBankSlotWhichTheTemplateAndTransitionUse() {
        ScenarioEngine engine = engine("acme");
        DialogSession s = open(engine, "acme");
        BotTurn t = s.hear(UserInput.text("我想把三方存管换成建设银行的卡"));
        assertEquals("ask_app", lastTurn.get(s.id()).stage(), "the filled transition moved on: " + lastTurn.get(s.id()));
        assertTrue(t.text().contains("换到建设银行"), t.text());
        assertEquals(Map.of("建设银行", 1.0), lastTurn.get(s.id()).belief().get("bank"));
        assertEquals(Map.of("建设银行", 1.0), lastTurn.get(s.id()).belief().get("ner:bank"), "still recorded as before");
        assertEquals("建设银行", s.end(DialogSession.EndReason.USER_HUNG_UP).slots().get("bank"));
    }

    @Test
    void aTrainedRecogniserFillsANewTypeInNewSessionsOnly() {
        ScenarioEngine engine = engine("acme");
        DialogSession before = open(engine, "acme");
        before.hear(UserInput.text("我想换成建设银行的卡"));
        BotTurn old = before.hear(UserInput.text("我用的是同花顺"));
        assertFalse(old.ends(), "the shipped recogniser knows no app: " + old.text());
        assertEquals(Map.of(), lastTurn.get(before.id()).belief().get("app"), lastTurn.get(before.id()).toString());

        engine.useEntities("card-change", withApps);
        DialogSession after = open(engine, "acme");
        BotTurn bank = after.hear(UserInput.text("我想换成建设银行的卡"));
        assertTrue(bank.text().contains("换到建设银行"), bank.text());
        BotTurn end = after.hear(UserInput.text("我用的是同花顺"));
        assertTrue(end.ends(), end.text());
        assertEquals("好的，请在同花顺里把卡换绑到建设银行，再见。", end.text());
        Outcome o = after.end(DialogSession.EndReason.BOT_HUNG_UP);
        assertEquals("A", o.label());
        assertEquals(Map.of("bank", "建设银行", "app", "同花顺"), o.slots());

        BotTurn stillOld = before.hear(UserInput.text("我用的是同花顺"));
        assertFalse(stillOld.ends(), "a running session keeps the recogniser it started with: " + stillOld.text());
        assertNull(before.end(DialogSession.EndReason.USER_HUNG_UP).slots().get("app"));
    }

    @Test
    void anotherTenantsRecogniserDoesNotReachThisTenant() {
        ScenarioEngine mine = engine("acme");
        ScenarioEngine theirs = engine("globex");
        theirs.useEntities("card-change", withApps);
        DialogSession s = open(mine, "acme");
        s.hear(UserInput.text("我想换成建设银行的卡"));
        assertFalse(s.hear(UserInput.text("我用的是同花顺")).ends());
        assertThrows(IllegalArgumentException.class, () -> mine.open(new SessionRequest("globex", "card-change", "x",
                "text", Map.of("customer_name", "王先生"))));
    }

    @Test
    void aDeniedValueIsNotTakenAndTheAffirmedOneIs() {
        ScenarioEngine engine = engine("acme");
        engine.useEntities("card-change", withApps);
        DialogSession s = open(engine, "acme");
        BotTurn t = s.hear(UserInput.text("不是招商银行，是建设银行"));
        assertTrue(t.text().contains("换到建设银行"), t.text());
        assertFalse(lastTurn.get(s.id()).belief().get("bank").containsKey("招商银行"), lastTurn.get(s.id()).toString());
    }

    @Test
    void weakEvidenceIsConfirmedAndARejectionWithANewValueOverwritesIt() {
        ScenarioEngine engine = engine("acme");
        engine.useEntities("card-change", withApps);
        DialogSession s = open(engine, "acme");
        BotTurn confirm = s.hear(new UserInput(List.of(new UserInput.Hypothesis("我想换个卡", 0.5),
                new UserInput.Hypothesis("我想换成招商银行的卡", 0.5)), ""));
        assertEquals("是招商银行吗？", confirm.text(), lastTurn.get(s.id()).toString());
        BotTurn moved = s.hear(UserInput.text("不是，是建设银行"));
        assertTrue(moved.text().contains("换到建设银行"), moved.text() + " " + lastTurn.get(s.id()));
    }

    @Test
    void badInputAndAFailingRecogniserDoNotBreakTheCall() {
        ScenarioEngine engine = engine("acme");
        DialogSession s = open(engine, "acme");
        for (String text : new String[] {"", "😀\u0000", "   "}) {
            assertFalse(s.hear(UserInput.text(text)).ends(), text);
            assertEquals("ask_bank", lastTurn.get(s.id()).stage());
            assertEquals(Map.of(), lastTurn.get(s.id()).belief().get("bank"));
        }
        BotTurn flood = open(engine, "acme").hear(UserInput.text("换成建设银行".repeat(2000)));
        assertTrue(flood.text().contains("换到建设银行"), "a bounded turn is still understood: " + flood.text());
        engine.useEntities("card-change", (text, tokens) -> {
            throw new IllegalStateException("模型文件损坏");
        });
        DialogSession broken = open(engine, "acme");
        BotTurn t = broken.hear(UserInput.text("我想换成建设银行的卡"));
        assertEquals("ask_bank", lastTurn.get(broken.id()).stage(), t.text());
        assertEquals(Map.of(), lastTurn.get(broken.id()).belief().get("bank"));
    }
}
