package dev.zhiyu.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's files are public (it must show its sign-in page); the API behind it still wants a credential. */
class ConsoleAssetsTest {

    @Test
    void consoleFilesArePublicAndTheApiIsNot() {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config(Map.of(
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Api anonymous = Api.anonymous(server.port());
            Api.Response page = anonymous.get("/");
            assertEquals(200, page.status(), page.toString());
            assertTrue(page.body().contains("<html lang=\"zh-CN\">") && page.body().contains("/js/app.js"), page.body());
            for (String file : new String[] {"/app.css", "/js/app.js", "/js/pages/kg.js", "/webjars/echarts/5.5.0/echarts.min.js"}) {
                assertEquals(200, anonymous.get(file).status(), file);
            }
            assertEquals(401, anonymous.get("/api/tasks").status());
            assertEquals(401, anonymous.get("/api/console/companies?q=x").status());
            Api.Response missing = anonymous.get("/js/nope.js");
            assertEquals(404, missing.status());
            assertEquals("NOT_FOUND", missing.json().get("code").asText());
        }
    }
}
