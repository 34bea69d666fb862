package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tenant holiday calendar over HTTP, on the demo simulator with a controllable clock: on a tenant's holiday
 * none of its running tasks dials while another tenant's task on the same day does; the next day it dials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolidayApiTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** Real time flowing from a settable starting point, so the simulator's calls still progress. */
    static final class ShiftedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Instant to) {
            offset = Duration.between(Instant.now(), to);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    private final TestStores stores = TestStores.h2();
    private final ShiftedClock clock = new ShiftedClock();
    private Platform platform;
    private TelephonyService telephony;
    private ApiFixture server;
    private Api a;
    private Api b;

    @BeforeAll
    void start() {
        clock.set(ZonedDateTime.of(2026, 10, 1, 10, 0, 0, 0, SHANGHAI).toInstant());
        platform = Platform.open(stores.config());
        platform.startUp();
        Tenant ta = platform.tenants().create("alpha", "甲证券", "test");
        Tenant tb = platform.tenants().create("beta", "乙证券", "test");
        server = ApiFixture.start(stores.config(), platform, d -> telephony = new TelephonyService(platform, d,
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.demo.time.scale", "0.05")), clock).start());
        a = Api.withKey(server.port(), platform.keys().create(ta.id(), "ops", "operator", "test").secret());
        b = Api.withKey(server.port(), platform.keys().create(tb.id(), "ops", "operator", "test").secret());
    }


    @AfterAll
    void stop() {
        server.close();
        platform.close();
        stores.close();
    }

    private static String startedTask(Api api) {
        Api.Response list = api.postRaw("/api/calls/lists", "手机号,customer_name,stop_step\n13800100000,王先生,4\n13800100001,李女士,2\n", "text/csv");
        assertEquals(201, list.status(), list.toString());
        Api.Response task = api.post("/api/tasks", Map.of("listId", list.json().get("listId").asText()));
        assertEquals(201, task.status(), task.toString());
        String id = task.json().get("id").asText();
        assertEquals(200, api.post("/api/tasks/" + id + "/start", Map.of()).status());
        return id;
    }

    private static long dialled(Api api, String task) {
        return api.get("/api/tasks/" + task + "/stats").json().get("dialled").asLong();
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void noTaskOfTheTenantDialsOnItsHolidays() throws Exception {
        Api.Response add = a.post("/api/calls/holidays", Map.of("dates", List.of("2026-10-01", "2026-10-03"), "name", "国庆节"));
        assertEquals(200, add.status(), add.toString());
        assertEquals(2, add.json().get("added").asInt());
        assertEquals(1, a.post("/api/calls/holidays", Map.of("dates", List.of("2026-10-01"))).json().get("existing").asInt());
        JsonNode cal = a.get("/api/calls/holidays").json();
        assertEquals(2, cal.size());
        assertEquals("2026-10-01", cal.get(0).get("date").asText());
        assertEquals("国庆节", cal.get(0).get("name").asText());
        assertEquals(0, b.get("/api/calls/holidays").json().size(), "another tenant's calendar is its own");

        String alpha1 = startedTask(a);
        String alpha2 = startedTask(a);
        String beta = startedTask(b);
        await("beta dialling on alpha's holiday", () -> dialled(b, beta) >= 2);
        Thread.sleep(1500); // several dialer ticks for alpha's tasks too
        assertEquals(0, dialled(a, alpha1), "alpha dialled on its holiday");
        assertEquals(0, dialled(a, alpha2), "alpha dialled on its holiday");
        assertEquals("RUNNING", a.get("/api/tasks/" + alpha1).json().get("status").asText());

        clock.set(ZonedDateTime.of(2026, 10, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        await("alpha dialling the day after", () -> dialled(a, alpha1) >= 2 && dialled(a, alpha2) >= 2);
        for (String t : List.of(alpha1, alpha2)) {
            for (JsonNode call : a.get("/api/tasks/" + t + "/calls").json()) {
                LocalDate day = Instant.parse(call.get("originatedAt").asText()).atZone(SHANGHAI).toLocalDate();
                assertEquals(LocalDate.of(2026, 10, 2), day, "call " + call);
            }
        }
    }

    @Test
    void calendarInputIsValidatedWholeAndRemovable() {
        Api.Response bad = a.post("/api/calls/holidays", Map.of("dates", List.of("2026-12-25", "2026-13-01")));
        assertEquals(400, bad.status());
        assertEquals("dates[1]", bad.json().get("errors").get(0).get("field").asText(), bad.toString());
        assertTrue(a.get("/api/calls/holidays").json().findValuesAsText("date").stream().noneMatch("2026-12-25"::equals),
                "a bad date adds nothing");
        Api.Response empty = a.post("/api/calls/holidays", Map.of("dates", List.of()));
        assertEquals("dates", empty.json().get("errors").get(0).get("field").asText());
        assertEquals(200, a.post("/api/calls/holidays", Map.of("dates", List.of("2027-01-01"))).status());
        assertEquals(404, b.delete("/api/calls/holidays/2027-01-01").status(), "beta cannot remove alpha's day");
        assertEquals(200, a.delete("/api/calls/holidays/2027-01-01").status());
        assertEquals(404, a.delete("/api/calls/holidays/2027-01-01").status());
        Api.Response badPath = a.delete("/api/calls/holidays/tomorrow");
        assertEquals(400, badPath.status());
        assertEquals("date", badPath.json().get("errors").get(0).get("field").asText());
    }
}
