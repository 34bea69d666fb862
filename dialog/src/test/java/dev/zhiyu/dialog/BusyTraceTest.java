package dev.zhiyu.dialog;

import org.junit.jupiter.api.Test;

class BusyTraceTest {
    @Test
    void trace() {
        ScenarioEngine engine = Conversations.engine(new TurnListener() {
            public void turn(TurnRecord t) { System.out.println(t.stage() + " " + t.action() + " " + t.heard() + " " + t.intents() + " " + t.belief() + "\n   BOT " + t.prompt()); }
            public void ended(String tenant, String id, Outcome o) { System.out.println("END " + o); }
        }, false);
        DialogSession s = Conversations.open(engine, "2");
        s.start();
        for (String u : new String[] {"嗯是我", "我在开车现在不方便", "明天下午三点打给我吧"}) {
            s.hear(UserInput.text(u));
        }
    }
}
