package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

    @Test
    void happyPathIdentifiesTheProblemAnswersAndSendsTheLink() {
        List<TurnRecord> turns = new ArrayList<>();
        ScenarioEngine engine = Conversations.engine(new TurnListener() {
            @Override
            public void turn(TurnRecord turn) {
                turns.add(turn);
            }

            @Override
            public void ended(String tenant, String sessionId, Outcome outcome) {
            }
        }, false);
        DialogSession s = Conversations.open(engine, "1");
        BotTurn opening = s.start();
        System.out.println("BOT: " + opening.text());
        assertTrue(opening.text().contains("智能语音助理") && opening.text().contains("录音"), "AI and recording disclosed");
        assertTrue(opening.text().contains("王先生"));
        String[] user = {"对我是", "我那个验证码一直收不到", "发个短信给我吧"};
        BotTurn last = null;
        for (String u : user) {
            last = s.hear(UserInput.text(u));
            System.out.println("USER: " + u + "\nBOT: " + last.text() + " " + last.actions());
        }
        turns.forEach(t -> System.out.println(t.action() + " " + t.intents() + " " + t.belief()));
        assertTrue(last.actions().stream().anyMatch(a -> a instanceof BotAction.SendSms));
        Outcome o = s.end(DialogSession.EndReason.BOT_HUNG_UP);
        assertEquals("A", o.label());
        assertEquals("sms_code_missing", o.slots().get("problem"));
        assertFalse(turns.isEmpty());
    }

    @Test
    void theIdentityStepIsAskedAgainBrieflyNotTheWholeOpening() {
        DialogSession s = Conversations.open(Conversations.engine(TurnListener.NONE, false), "2");
        assertTrue(s.start().text().contains("录音"));
        BotTurn robot = s.hear(UserInput.text("你是人工吗"));
        assertTrue(robot.text().contains("不是真人") && !robot.text().startsWith("是的"), robot.text());
        assertFalse(robot.text().contains("录音"), "the recording notice is not replayed: " + robot.text());
        assertTrue(robot.text().contains("王先生"), "and the identity question is asked again: " + robot.text());
        BotTurn silence = s.silence();
        assertFalse(silence.text().contains("录音"), silence.text());
        assertTrue(silence.text().contains("王先生"), silence.text());
    }
}
