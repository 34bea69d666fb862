package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.TranscriptLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The telephony service closes with a call mid-dialog: before its close returns, the call's thread has stopped and
 * left the attempt open in the tenant's database with the last turn and a note of the shutdown (was: the thread
 * outlived the close and wrote into the closed pool later, alerting a refused transcript line), so the platform
 * closing next refuses nothing.
 */
class ShutdownTest {

    /** Demo callee kind 7 (last six digits ≡ 7 mod 12): answers and talks for four turns. */
    private static final String TALKER = "13800000007";

    @Test
    void aCallInProgressIsDetachedAndLeftOpenWithItsLastTurnBeforeTheStoresClose() throws Exception {
        try (TestStores stores = TestStores.h2()) {
            Platform platform = Platform.open(stores.config());
            List<CallEvent> events = new CopyOnWriteArrayList<>();
            TelephonyService service;
            List<String> stored;
            String task;
            Tenant t;
            JdbcDialerStore store;
            try {
                platform.startUp();
                t = platform.tenants().create("alpha", "甲证券", "test");
                DialerRig rig = new DialerRig(platform, Map.of("zhiyu.telephony.demo.time.scale", "0.2"));
                service = rig.service;
                task = rig.task(t, "停机任务", List.of(TALKER), 1);
                store = rig.service.operations().store(t);
                try (AutoCloseable feed = rig.service.subscribe(t, task, events::add)) {
                    rig.service.operations().control(t, task, "start");
                    DialerRig.await(Duration.ofSeconds(30), () -> events.stream().anyMatch(e -> e.state().equals("talking")
                            && e.lines().stream().anyMatch(l -> l.speaker().equals("caller"))), "the callee speaks");
                    rig.close();
                }
                CallEvent last = events.stream().filter(e -> e.state().equals("talking")).reduce((a, b) -> b).orElseThrow();
                stored = store.lines(last.callId());
                List<String> lastLines = last.lines().stream().map(l -> (l.speaker().equals("bot")
                        ? TranscriptLine.robot(l.text()) : TranscriptLine.caller(l.text())).format()).toList();
                assertTrue(!stored.isEmpty() && stored.getLast().startsWith("系统: 服务器停止"),
                        "the shutdown is noted last: " + stored);
                assertEquals(lastLines, stored.subList(stored.size() - 1 - lastLines.size(), stored.size() - 1),
                        "the stored transcript has the last turns the live wall showed: " + stored);
                assertEquals(1, store.openAttempts(task).size(), "left open for the restarted server to take on");
                assertEquals(List.of(), store.records(task), "not recorded as ended (never COMPLETED by a shutdown)");
                assertTrue(events.stream().noneMatch(e -> e.state().equals("ended")), "the call did not end: " + events);
            } finally {
                platform.close();
            }
            Thread.sleep(500);
            assertEquals(List.of(), service.recentAlerts(), "no write refused, no call thread left behind");
        }
    }
}
