package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A list must fit its task's scenario (on a real switch a list without {@code customer_name} was dialled and every
 * answered customer hung up on in silence): task creation refuses a list lacking a required column or holding a value
 * the scenario does not allow, naming the column and the rows as numbered in the file; start checks again after the
 * list was appended to; uploads and the preview tell which scenario variables the columns satisfy. On H2 and
 * PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListFitApiContract {
    private static final String SCENARIO = "account-opening-callback";
    private TestStores stores;
    private Platform platform;
    private ApiFixture server;
    private Api operator;

    abstract TestStores testStores();

    @BeforeAll
    void start() {
        stores = testStores();
        platform = Platform.open(stores.config());
        platform.startUp();
        Tenant t = platform.tenants().create("alpha", "甲证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> new TelephonyService(platform, d,
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.demo.time.scale", "0.05")), Clock.systemUTC()).start());
        operator = Api.withKey(server.port(), platform.keys().create(t.id(), "ops", "operator", "test").secret());
    }

    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    private Api.Response upload(String query, String csv) {
        Api.Response r = operator.postRaw("/api/calls/lists" + query, csv, "text/csv");
        assertEquals(201, r.status(), r.toString());
        return r;
    }

    private Api.Response createTask(String listId) {
        return operator.post("/api/tasks", Map.of("listId", listId, "scenario", SCENARIO));
    }

    private static JsonNode coverage(JsonNode scenarios) {
        for (JsonNode s : scenarios) {
            if (s.get("scenario").asText().equals(SCENARIO)) {
                return s;
            }
        }
        throw new AssertionError("no coverage of " + SCENARIO + " in " + scenarios);
    }

    private static void refusedNaming(Api.Response r, String... words) {
        assertEquals(400, r.status(), r.toString());
        assertEquals("listId", r.json().get("errors").get(0).get("field").asText(), r.toString());
        String message = r.json().get("errors").get(0).get("message").asText();
        for (String w : words) {
            assertTrue(message.contains(w), w + " in " + message);
        }
    }

    @Test
    void aListWithoutCustomerNameIsRefusedNamingTheColumnAndTheUploadSaidSo() {
        Api.Response up = upload("?name=nameless", "手机号,姓名,stop_step\n13800100000,王先生,1\n13800100001,李女士,2\n");
        JsonNode c = coverage(up.json().get("scenarios"));
        assertEquals("[\"customer_name\"]", c.get("missing").toString(), up.toString());
        assertEquals("[\"stop_step\"]", c.get("satisfied").toString());
        String list = up.json().get("listId").asText();
        refusedNaming(createTask(list), "customer_name");
        for (JsonNode t : operator.get("/api/tasks").json()) {
            assertFalse(t.get("listId").asText().equals(list), "no task was stored: " + t);
        }
    }

    @Test
    void aValueOutsideTheAllowedSetIsRefusedNamingTheRow() {
        Api.Response up = upload("?name=badstep", "手机号,customer_name,stop_step\n13800100010,王先生,1\n"
                + "13800100011,李女士,视频验证\n13800100012,张先生,3\n");
        assertTrue(coverage(up.json().get("scenarios")).get("missing").isEmpty(), "the columns are all there");
        refusedNaming(createTask(up.json().get("listId").asText()), "stop_step", "第 3 行", "视频验证");
    }

    @Test
    void startChecksTheListAgainAfterItWasAppendedTo() {
        String list = upload("?name=grows", "手机号,customer_name,stop_step\n13800100020,王先生,4\n")
                .json().get("listId").asText();
        Api.Response created = createTask(list);
        assertEquals(201, created.status(), "a fitting list makes a task: " + created);
        String task = created.json().get("id").asText();
        upload("?list=" + list, "手机号,customer_name\n13800100021,李女士\n13800100022,赵先生\n");
        refusedNaming(operator.post("/api/tasks/" + task + "/start", Map.of()), "stop_step", "第 2 行", "第 3 行");
        assertEquals("CREATED", operator.get("/api/tasks/" + task).json().get("status").asText(), "not started");
        assertEquals(200, operator.post("/api/tasks/" + task + "/stop", Map.of()).status());
    }

    @Test
    void thePreviewTellsWhichVariablesTheColumnsSatisfy() {
        String q = String.join("&", List.of("手机号", "customer_name", "备注").stream()
                .map(c -> "column=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).toList());
        Api.Response r = operator.get("/api/calls/lists/coverage?" + q);
        assertEquals(200, r.status(), r.toString());
        JsonNode c = coverage(r.json().get("scenarios"));
        assertEquals("[\"customer_name\"]", c.get("satisfied").toString(), r.toString());
        assertEquals("[\"stop_step\"]", c.get("missing").toString());
        assertEquals("[\"customer_title\"]", c.get("defaulted").toString());
        assertFalse(operator.get("/api/calls/lists/coverage").json().get("scenarios").isEmpty());
    }
}
