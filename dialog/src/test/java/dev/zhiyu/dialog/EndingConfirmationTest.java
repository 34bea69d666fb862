package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario's {@code end_call} threshold and the wording of the ending question (conversations: ending-confirmation.yaml). */
class EndingConfirmationTest {
    /** The maxent generic model reads 烦不烦 as a harassment complaint at about 0.6. */
    private static final String UNSURE_OPT_OUT = "烦不烦";
    /** …and 我是他老婆 as a wrong person at about 0.69. */
    private static final String UNSURE_WRONG_PERSON = "我是他老婆";

    @Test
    void anUnsureOptOutIsAskedFirstAtTheDefaultThreshold() throws IOException {
        DialogSession s = Conversations.identified(Conversations.shippedYaml(), Conversations.generic());
        BotTurn t = s.hear(UserInput.text(UNSURE_OPT_OUT));
        assertFalse(t.ends(), t.toString());
        assertTrue(t.actions().isEmpty(), t.toString());
        assertTrue(t.text().contains("以后不要再给您打电话了，对吗"), t.text());
    }

    @Test
    void aScenarioThatTrustsItsModelMoreEndsAtOnce() throws IOException {
        DialogSession s = Conversations.identified(Conversations.shippedYaml().replace("end_call: 0.85", "end_call: 0.5"), Conversations.generic());
        BotTurn t = s.hear(UserInput.text(UNSURE_OPT_OUT));
        assertTrue(t.actions().contains(new BotAction.OptOut()), t.toString());
    }

    @Test
    void withoutItsOwnWordingTheBuiltInQuestionIsAsked() throws IOException {
        String yaml = Conversations.shippedYaml().replaceAll("(?m)^  check_opt_out_bye:\\n    - .*\\n", "");
        DialogSession s = Conversations.identified(yaml, Conversations.generic());
        BotTurn t = s.hear(UserInput.text(UNSURE_OPT_OUT));
        assertEquals("您是说以后不要再给您打电话了，对吗？", t.text());
        BotTurn denied = s.hear(UserInput.text("不是不是，你说"));
        assertFalse(denied.ends(), denied.toString());
        assertTrue(denied.text().contains("视频见证"), "back to the step it was at: " + denied.text());
    }

    @Test
    void withoutItsOwnWordingTheWrongPersonCheckAsksTheIdentityByName() throws IOException {
        DialogSession s = opened(withoutWrongPersonWording(Conversations.shippedYaml()), Map.of("customer_name", "王先生", "stop_step", "4"));
        BotTurn t = s.hear(UserInput.text(UNSURE_WRONG_PERSON));
        assertEquals("请问您是王先生本人吗？", t.text());
        BotTurn yes = s.hear(UserInput.text("是我"));
        assertFalse(yes.ends(), "the customer called said it is him: " + yes);
        assertTrue(yes.text().contains("视频见证"), "on to the next step: " + yes.text());
    }

    @Test
    void withoutANameTheWrongPersonCheckAsksForTheOwner() throws IOException {
        String yaml = withoutWrongPersonWording(Conversations.shippedYaml())
                .replace("  - name: customer_name\n    required: true", "  - name: customer_name\n    required: false");
        DialogSession s = opened(yaml, Map.of("stop_step", "4"));
        BotTurn t = s.hear(UserInput.text(UNSURE_WRONG_PERSON));
        assertEquals("请问是机主本人接听吗？", t.text());
        BotTurn no = s.hear(UserInput.text("不是，你打错了"));
        assertTrue(no.actions().contains(new BotAction.HangUp()), no.toString());
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedAtItsLine() throws IOException {
        String yaml = Conversations.shippedYaml().replace("end_call: 0.85", "end_call: 1.5");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(yaml, "t.yaml"));
        assertTrue(e.getMessage().contains("end_call"), e.getMessage());
    }

    private static String withoutWrongPersonWording(String yaml) {
        String without = yaml.replaceAll("(?m)^  check_wrong_person_bye:\\n    - .*\\n", "");
        assertFalse(without.contains("check_wrong_person_bye"));
        return without;
    }

    private static DialogSession opened(String yaml, Map<String, String> variables) {
        ScenarioEngine engine = new ScenarioEngine("acme", Conversations.generic(), Conversations.CLOCK, TurnListener.NONE,
                false);
        engine.install(ScenarioLoader.parse(yaml, "t.yaml"));
        DialogSession s = engine.open(new SessionRequest("acme", "account-opening-callback", "s", "text", variables));
        s.start();
        return s;
    }
}
