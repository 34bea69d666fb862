package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Global handlers, DST behaviour and bad input on the shipped scenario. */
class DialogBehaviourTest {
    private final ScenarioEngine engine = Conversations.engine(TurnListener.NONE, false);

    private DialogSession identified(String step) {
        DialogSession s = Conversations.open(engine, step);
        s.start();
        s.hear(UserInput.text("是我"));
        return s;
    }

    @Test
    void wrongPersonEndsPolitelyWithD() {
        DialogSession s = Conversations.open(engine, "3");
        s.start();
        BotTurn t = s.hear(UserInput.text("你打错了，我不是他"));
        assertTrue(t.ends() && t.actions().contains(new BotAction.HangUp()), t.toString());
        assertEquals("D", s.end(DialogSession.EndReason.BOT_HUNG_UP).label());
    }

    @Test
    void harassmentComplaintRecordsAnOptOut() {
        DialogSession s = identified("4");
        BotTurn t = s.hear(UserInput.text("别再给我打电话了，烦不烦"));
        assertTrue(t.actions().contains(new BotAction.OptOut()), t.toString());
        Outcome o = s.end(DialogSession.EndReason.BOT_HUNG_UP);
        assertEquals("C", o.label());
        assertTrue(o.slots().containsKey("opt_out"));
    }

    @Test
    void askedIfItIsARobotItSaysSoAndCarriesOn() {
        DialogSession s = identified("2");
        BotTurn t = s.hear(UserInput.text("你是机器人吗"));
        assertTrue(t.text().contains("智能语音助理") && t.text().contains("不是真人"), t.text());
        assertFalse(t.ends());
        assertTrue(t.text().contains("上传身份证"), "asks its question again: " + t.text());
    }

    @Test
    void theSecondHypothesisCanCarryTheTurn() {
        DialogSession s = identified("5");
        BotTurn t = s.hear(new UserInput(List.of(
                new UserInput.Hypothesis("银行卡不知齿", 0.61),
                new UserInput.Hypothesis("银行卡不支持", 0.60),
                new UserInput.Hypothesis("银行卡步支持绑定", 0.58)), ""));
        assertTrue(t.text().contains("一类卡") || t.text().contains("银行卡不支持"), t.text());
    }

    @Test
    void aRejectedConfirmationIsNotTaken() {
        DialogSession s = identified("4");
        BotTurn confirm = null;
        for (String u : List.of("视频那个有点问题", "就视频的事")) {
            confirm = s.hear(UserInput.text(u));
            if (confirm.text().contains("对吗") || confirm.text().contains("吗？")) {
                break;
            }
        }
        BotTurn after = s.hear(UserInput.text("不是不是"));
        assertFalse(after.ends(), after.text());
        assertNotEquals(confirm.text(), after.text());
        Outcome o = s.end(DialogSession.EndReason.USER_HUNG_UP);
        assertFalse(o.slots().containsKey("problem"), "a denied value is not filled: " + o);
    }

    @Test
    void silenceRepromptsThenEnds() {
        DialogSession s = Conversations.open(engine, "1");
        s.start();
        assertFalse(s.silence().ends());
        assertFalse(s.silence().ends());
        assertTrue(s.silence().ends());
        assertEquals("D", s.end(DialogSession.EndReason.BOT_HUNG_UP).label());
    }

    @Test
    void badInputNeverBreaksASession() {
        List<UserInput> junk = List.of(new UserInput(List.of(), ""), UserInput.text(""), UserInput.text("啊".repeat(10_000)),
                new UserInput(List.of(new UserInput.Hypothesis("是我", Double.NaN),
                        new UserInput.Hypothesis("\u0000\u0007😀", -5), new UserInput.Hypothesis(null, 1)), ""),
                new UserInput(List.of(new UserInput.Hypothesis("是我", Double.POSITIVE_INFINITY)), "#*"),
                UserInput.text("\u202e🙂🙂 ok 這是繁體字 mixed English"));
        for (UserInput input : junk) {
            DialogSession s = Conversations.open(engine, "1");
            s.start();
            BotTurn t = s.hear(input);
            assertFalse(t.text().isEmpty(), "always an answer for " + input);
        }
        DialogSession s = Conversations.open(engine, "1");
        s.start();
        for (int i = 0; i < 3; i++) {
            s.hear(UserInput.text(""));
        }
        assertEquals(0, s.hear(UserInput.text("还在吗")).text().length(), "after escalation nothing more is said");
    }

    @Test
    void keypadZeroAsksForAHuman() {
        DialogSession s = identified("1");
        BotTurn keypad = s.hear(new UserInput(List.of(), "0"));
        assertTrue(keypad.actions().stream().anyMatch(a -> a instanceof BotAction.Transfer), keypad.toString());
    }

    @Test
    void variablesAreChecked() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> engine.open(
                new SessionRequest("acme", "account-opening-callback", "x", "text", Map.of("customer_name", "张三"))));
        assertTrue(missing.getMessage().contains("stop_step"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> engine.open(
                new SessionRequest("acme", "account-opening-callback", "x", "text",
                        Map.of("customer_name", "张三", "stop_step", "9"))));
        assertTrue(bad.getMessage().contains("9"));
        DialogSession extra = engine.open(new SessionRequest("acme", "account-opening-callback", "x", "text",
                Map.of("customer_name", "张三", "stop_step", "2", "unknown_var", "ignored")));
        assertTrue(extra.start().text().contains("张三"));
        assertThrows(IllegalArgumentException.class, () -> engine.open(
                new SessionRequest("other-tenant", "account-opening-callback", "x", "text",
                        Map.of("customer_name", "张三", "stop_step", "2"))), "another tenant's engine refuses");
    }

    @Test
    void promptsDoNotRepeatVerbatim() {
        DialogSession s = Conversations.open(engine, "1");
        String previous = s.start().text();
        for (int i = 0; i < 4; i++) {
            String next = s.hear(UserInput.text("你说什么，没听清")).text();
            assertNotEquals(previous, next);
            previous = next;
        }
    }
}
