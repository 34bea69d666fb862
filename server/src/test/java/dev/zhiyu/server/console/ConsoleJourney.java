package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What the console journeys share: a production server on H2 with tenant {@code alpha} and its console users, one
 * headless browser for the class, and the browser's state dumped next to the screenshots when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleJourney {
    static final String PASSWORD = "Console-test-2026";

    final TestStores stores = TestStores.h2();
    ZhiyuServer server;
    Platform platform;
    Tenant alpha;
    Browser b;

    @RegisterExtension
    final TestWatcher dumpOnFailure = Browser.dumpOnFailure(() -> b);

    /** Starts the server with {@code settings} (the generic intent model unless given) and alpha's users, named "role（测试）". */
    void startServer(Map<String, String> settings, String... roles) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("zhiyu.dialog.intent.model", "builtin:generic-maxent");
        server = ZhiyuServer.start(stores.config(all));
        platform = server.platform();
        alpha = platform.tenants().create("alpha", "甲证券", "test");
        for (String role : roles) {
            platform.users().create(alpha.id(), role, role + "（测试）", role, PASSWORD);
        }
    }

    /** An API client with a new key of {@code tenant}. */
    Api key(Tenant tenant, String name, String role) {
        return Api.withKey(server.port(), platform.keys().create(tenant.id(), name, role, "test").secret());
    }

    void openBrowser() {
        b = Browser.open(server.port());
    }

    @AfterAll
    void closeJourney() {
        if (b != null) {
            b.close();
        }
        if (server != null) {
            server.close();
        }
        stores.close();
    }

    void signIn(String role) {
        b.signIn("alpha", role, PASSWORD, role);
    }

    List<String> nav() {
        return b.nav();
    }

    /** One text call of {@code scenario} whose caller says {@code text} in turn 1, then a supervisor's correction of that turn. */
    static void annotate(Api operator, Api supervisor, String scenario, String text, Map<String, Object> correction) {
        Api.Response s = operator.post("/api/dialog/sessions", Map.of("scenario", scenario,
                "variables", Map.of("customer_name", "王先生", "stop_step", "4")));
        assertEquals(201, s.status(), s.toString());
        String session = s.json().get("sessionId").asText();
        assertEquals(200, operator.post("/api/dialog/sessions/" + session + "/turns", Map.of("text", text)).status());
        operator.delete("/api/dialog/sessions/" + session);
        Map<String, Object> body = new HashMap<>(correction);
        body.put("sessionId", session);
        body.put("turnIndex", 1);
        Api.Response a = supervisor.post("/api/annotations", body);
        assertEquals(201, a.status(), a.toString());
    }
}
