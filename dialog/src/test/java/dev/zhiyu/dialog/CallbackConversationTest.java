package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A busy customer agrees a callback time in the shipped scenario (Sunday 2026-11-22 10:00, Asia/Shanghai). */
class CallbackConversationTest {

    @Test
    void piecesOfATimeAreCombinedConfirmedAndOnlyThenWrittenDown() {
        DialogSession s = open();
        BotTurn asked = s.hear(UserInput.text("我在开车"));
        assertTrue(asked.text().contains("时间"), asked.text());
        BotTurn confirm = s.hear(UserInput.text("下周三下午吧，三点以后"));
        assertTrue(confirm.text().contains("11月25日下午3点") && confirm.text().contains("对吗"), confirm.text());
        assertTrue(confirm.actions().isEmpty(), "the time is put to the customer before the call ends");
        BotTurn bye = s.hear(UserInput.text("对"));
        assertTrue(bye.text().contains("11月25日下午3点"), bye.text());
        assertHungUp(bye);
        Outcome o = s.end(DialogSession.EndReason.BOT_HUNG_UP);
        assertEquals("B", o.label());
        assertEquals("2026-11-25T15:00", o.slots().get("callback_time"));
    }

    @Test
    void aVagueTimeIsAskedForItsMissingPartNotGuessed() {
        DialogSession s = open();
        s.hear(UserInput.text("我在开车"));
        BotTurn ask = s.hear(UserInput.text("晚上吧"));
        assertTrue(ask.text().contains("晚上几点"), ask.text());
        BotTurn confirm = s.hear(UserInput.text("七点以后"));
        assertTrue(confirm.text().contains("11月22日晚上7点"), confirm.text());
        assertHungUp(s.hear(UserInput.text("是的")));
        assertEquals("2026-11-22T19:00", s.end(DialogSession.EndReason.BOT_HUNG_UP).slots().get("callback_time"));
    }

    @Test
    void aRejectedTimeIsNotWrittenDownAndACorrectionKeepsTheDay() {
        DialogSession s = open();
        s.hear(UserInput.text("我在开车"));
        s.hear(UserInput.text("明天下午三点"));
        BotTurn corrected = s.hear(UserInput.text("不对，改成四点吧"));
        assertTrue(corrected.text().contains("11月23日下午4点") && corrected.text().contains("对吗"), corrected.text());
        assertHungUp(s.hear(UserInput.text("对")));
        assertEquals("2026-11-23T16:00", s.end(DialogSession.EndReason.BOT_HUNG_UP).slots().get("callback_time"));
    }

    @Test
    void aTimeOutsideTheCallingWindowIsMovedAndTheCustomerIsToldWhy() {
        DialogSession s = open();
        s.hear(UserInput.text("我在开车"));
        BotTurn confirm = s.hear(UserInput.text("晚上十点以后吧"));
        assertTrue(confirm.text().startsWith("晚上10点太晚了，") && confirm.text().contains("11月22日晚上8点"),
                confirm.text());
    }

    @Test
    void aTimeNamedWithAComplaintIsACallbackNotAnOptOut() {
        for (String said : new String[] {"半小时后再打", "你们别下午打，上午吧", "烦不烦啊，明天下午三点再打"}) {
            DialogSession s = open();
            BotTurn t = s.hear(UserInput.text(said));
            assertTrue(t.actions().isEmpty(), said + " → " + t.text() + " " + t.actions());
            assertTrue(t.text().contains("对吗") || t.text().contains("几点方便"), said + " → " + t.text());
        }
        DialogSession direct = open();
        BotTurn confirm = direct.hear(UserInput.text("半小时后再打"));
        assertTrue(confirm.text().contains("11月22日上午10点半"), confirm.text());
        assertHungUp(direct.hear(UserInput.text("好的")));
        assertEquals("2026-11-22T10:30", direct.end(DialogSession.EndReason.BOT_HUNG_UP).slots().get("callback_time"));
    }

    @Test
    void anOptOutWithoutATimeIsStillHonoured() {
        DialogSession s = open();
        BotTurn t = s.hear(UserInput.text("别再给我打电话了，烦死了"));
        assertHungUp(t);
        assertEquals("C", s.end(DialogSession.EndReason.BOT_HUNG_UP).label());
    }

    private static DialogSession open() {
        DialogSession s = Conversations.open(Conversations.engine(TurnListener.NONE, false), "4");
        s.start();
        s.hear(UserInput.text("对，是我"));
        return s;
    }

    private static void assertHungUp(BotTurn t) {
        assertTrue(t.actions().stream().anyMatch(a -> a instanceof BotAction.HangUp), t.text() + " " + t.actions());
    }
}
