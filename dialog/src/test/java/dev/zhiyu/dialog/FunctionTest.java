package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prompts filled by HTTP functions: results read back, hanging or broken endpoints fall back in bounded time. */
class FunctionTest {
    private HttpServer http;
    private String base;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/manager", ex -> {
            String who = ex.getRequestURI().getQuery();
            byte[] body = ("{\"manager\":\"李经理\",\"asked\":\"" + who + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext("/hang", ex -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        http.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private String scenario(String path) {
        return ScenarioLoaderTest.MINIMAL
                .replace("  hello: [\"您好{customer_name}\"]", "  hello: [\"您好，您的客户经理是{fn_manager}\"]\n  sorry: [\"您好，客户经理稍后联系您\"]")
                + "functions:\n  - id: manager\n    url: \"" + base + path + "?name={customer_name}\"\n"
                + "    timeout_ms: 300\n    retries: 1\n    result: manager\n    fallback: sorry\n";
    }

    private String opening(String path) {
        ScenarioEngine engine = new ScenarioEngine("acme", Conversations.generic(), Conversations.CLOCK,
                TurnListener.NONE, false);
        engine.install(ScenarioLoader.parse(scenario(path), "f.yaml"));
        return engine.open(new SessionRequest("acme", "mini", "s", "text", Map.of("customer_name", "王 先生"))).start().text();
    }

    @Test
    void aWorkingFunctionFillsThePrompt() {
        assertEquals("您好，您的客户经理是李经理", opening("/manager"));
    }

    @Test
    void aHangingFunctionFallsBackWithinItsTimeouts() {
        long t0 = System.nanoTime();
        assertEquals("您好，客户经理稍后联系您", opening("/hang"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3_000, "two attempts of 300 ms, not the endpoint's 10 s: " + ms + " ms");
        assertEquals("您好，客户经理稍后联系您", opening("/broken"));
    }

    @Test
    void functionsAreValidated() {
        String noFallback = scenario("/manager").replace("    fallback: sorry\n", "");
        assertTrue(assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(noFallback, "f.yaml"))
                .getMessage().contains("fallback"));
        String badUrl = scenario("/manager").replace("url: \"http", "url: \"ftp");
        assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(badUrl, "f.yaml"));
        String unknownFn = ScenarioLoaderTest.MINIMAL.replace("您好{customer_name}", "您好{fn_nothing}");
        assertThrows(ScenarioException.class, () -> ScenarioLoader.parse(unknownFn, "f.yaml"));
    }
}
