package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentScore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class IntentSwapTest {
    /** A tenant model that hears every reply as {@code intent}. */
    static IntentClassifier always(String intent) {
        return new IntentClassifier() {
            @Override
            public List<IntentScore> classify(String text, int n) {
                return List.of(new IntentScore(intent, 1.0, "test"));
            }

            @Override
            public Set<String> intents() {
                return Set.of(intent);
            }
        };
    }

    @Test
    void runningSessionsKeepTheirModelAndNewSessionsGetTheSwappedOne() {
        Map<String, Map<String, Double>> heard = new ConcurrentHashMap<>();
        ScenarioEngine engine = Conversations.engine(new TurnListener() {
            @Override
            public void turn(TurnRecord t) {
                if (t.index() > 0) {
                    heard.put(t.sessionId(), t.intents());
                }
            }

            @Override
            public void ended(String tenant, String sessionId, Outcome outcome) {
            }
        }, false);
        DialogSession before = Conversations.open(engine, "1");
        before.start();
        engine.useIntents("account-opening-callback", always("ask_is_robot"));
        DialogSession after = Conversations.open(engine, "1");
        after.start();
        before.hear(UserInput.text("要得"));
        after.hear(UserInput.text("要得"));
        assertNotEquals(Map.of("ask_is_robot", 1.0), heard.get(before.id()), "the old session kept the generic model");
        assertEquals(Map.of("ask_is_robot", 1.0), heard.get(after.id()));

        engine.install(ScenarioLoader.accountOpeningCallback());
        DialogSession reloaded = Conversations.open(engine, "1");
        reloaded.start();
        reloaded.hear(UserInput.text("要得"));
        assertEquals(Map.of("ask_is_robot", 1.0), heard.get(reloaded.id()), "a scenario reload keeps the tenant model");

        engine.useIntents("account-opening-callback", null);
        DialogSession back = Conversations.open(engine, "1");
        back.start();
        back.hear(UserInput.text("要得"));
        assertEquals(heard.get(before.id()), heard.get(back.id()), "back on the generic model");
    }
}
