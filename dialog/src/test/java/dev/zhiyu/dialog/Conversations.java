package dev.zhiyu.dialog;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Shared test set-up: the shipped scenario over the shipped generic intents (maxent, fast to load). */
final class Conversations {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private static IntentClassifier generic;

    private Conversations() {
    }

    static synchronized IntentClassifier generic() {
        if (generic == null) {
            try {
                generic = new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load("builtin:generic-maxent"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return generic;
    }

    static ScenarioEngine engine(TurnListener listener, boolean oneBest) {
        ScenarioEngine engine = new ScenarioEngine("acme", generic(), CLOCK, listener, oneBest);
        engine.install(ScenarioLoader.accountOpeningCallback());
        return engine;
    }

    static DialogSession open(ScenarioEngine engine, String stopStep) {
        return engine.open(new SessionRequest("acme", "account-opening-callback", "s-" + System.nanoTime(), "text",
                Map.of("customer_name", "王先生", "stop_step", stopStep)));
    }

    /** A session of {@code yaml} over {@code intents} whose speaker has just confirmed being 王先生 (是我). */
    static DialogSession identified(String yaml, IntentClassifier intents) {
        ScenarioEngine engine = new ScenarioEngine("acme", intents, CLOCK, TurnListener.NONE, false);
        engine.install(ScenarioLoader.parse(yaml, "t.yaml"));
        DialogSession s = engine.open(new SessionRequest("acme", "account-opening-callback", "s", "text",
                Map.of("customer_name", "王先生", "stop_step", "4")));
        s.start();
        s.hear(UserInput.text("是我"));
        return s;
    }

    /** The shipped scenario's YAML text, for tests that change one key of it. */
    static String shippedYaml() throws IOException {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("scenarios/account-opening-callback.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
