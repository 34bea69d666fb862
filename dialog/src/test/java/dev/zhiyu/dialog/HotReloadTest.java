package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HotReloadTest {

    private static String shippedYaml() throws IOException {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("scenarios/account-opening-callback.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void reloadsUnderLoadDropNoSessionAndLiveSessionsKeepTheirVersion() throws Exception {
        ScenarioEngine engine = Conversations.engine(TurnListener.NONE, false);
        String yaml = shippedYaml();
        DialogSession old = Conversations.open(engine, "1");
        assertTrue(old.start().text().contains("智语证券"));
        engine.reload(yaml.replace("institution: 智语证券", "institution: 新名证券"), "v2.yaml");
        assertTrue(old.hear(UserInput.text("你是机器人吗")).text().contains("智语证券"), "old session keeps v1");
        assertTrue(Conversations.open(engine, "1").start().text().contains("新名证券"), "new sessions get v2");

        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> {
                    DialogSession s = Conversations.open(engine, "2");
                    s.start();
                    s.hear(UserInput.text("是我"));
                    s.hear(UserInput.text("身份证照片老是审核不通过"));
                    return !s.hear(UserInput.text("发个短信给我")).text().isEmpty();
                }));
                if (i % 10 == 0) {
                    engine.reload(yaml, "v" + i + ".yaml");
                }
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        }
    }

    @Test
    void aBrokenReloadIsRejectedWithItsLineAndTheOldVersionKeepsServing() throws IOException {
        ScenarioEngine engine = Conversations.engine(TurnListener.NONE, false);
        String broken = shippedYaml().replace("prompt: ask_problem", "prompt: ask_problme");
        ScenarioException e = assertThrows(ScenarioException.class, () -> engine.reload(broken, "bad.yaml"));
        int expected = List.of(broken.split("\n")).indexOf("    prompt: ask_problme") + 1;
        assertEquals(expected, e.line(), e.getMessage());
        assertFalse(Conversations.open(engine, "3").start().text().isEmpty(), "v1 still serves");
    }
}
