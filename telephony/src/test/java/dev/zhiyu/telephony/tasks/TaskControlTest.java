package dev.zhiyu.telephony.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zhiyu.dialog.ScenarioLoader;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.Pacing;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Planning a task from a request and moving it through its verbs, over the in-memory store. */
class TaskControlTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final TaskPlanner.Context context = new TaskPlanner.Context("acme", SHANGHAI, List.of("gw1"), "CN",
            Map.of("account-opening-callback", ScenarioLoader.accountOpeningCallback().variables()), List.of("02100000000"));

    @BeforeEach
    void list() {
        store.putList("L", List.of(new Lead("a", "L", 1, "+8613800000001", "13800000001",
                Map.of("customer_name", "王先生", "stop_step", "2"))));
        store.putList("empty", List.of());
    }

    private static TaskRequest request(String listId) {
        return new TaskRequest(null, listId, null, null, "24:00", null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aPlannedTaskTakesTheDefaultsAndStartsCreated() {
        StoredTask t = new TaskPlanner(store, store).create(context, request("L"));
        assertEquals("外呼任务", t.name());
        assertEquals(TaskStatus.CREATED, t.status());
        assertEquals(Pacing.PROGRESSIVE, t.pacing());
        assertEquals(LocalTime.of(9, 0), t.spec().windowStart());
        assertEquals(LocalTime.MAX, t.spec().windowEnd());
        assertEquals(List.of("02100000000"), t.spec().callerIds());
        assertEquals(10, t.spec().maxConcurrent());
    }

    @Test
    void refusalsNameTheField() {
        TaskPlanner planner = new TaskPlanner(store, store);
        assertEquals("listId", assertThrows(TelephonyException.class, () -> planner.create(context, request("nope"))).field());
        assertEquals("listId", assertThrows(TelephonyException.class, () -> planner.create(context, request("empty"))).field());
        TaskRequest foreignCaller = new TaskRequest(null, "L", null, null, null, null, null, null, null, null, null, null,
                null, List.of("02199999999"));
        assertEquals("callerIds[0]", assertThrows(TelephonyException.class, () -> planner.create(context, foreignCaller)).field());
        TaskRequest tooFast = new TaskRequest(null, "L", null, null, null, null, null, null, 500, null, null, null, null, null);
        assertEquals("callsPerSecond", assertThrows(TelephonyException.class, () -> planner.create(context, tooFast)).field());
    }

    @Test
    void verbsMoveTheTaskAndRefuseWhatItsStatusDoesNotAllow() {
        String id = new TaskPlanner(store, store).create(context, request("L")).spec().id();
        TaskControl control = new TaskControl(store);
        assertEquals(TaskStatus.RUNNING, control.apply(id, "start").status());
        assertEquals(TaskStatus.PAUSED, control.apply(id, "pause").status());
        TelephonyException again = assertThrows(TelephonyException.class, () -> control.apply(id, "pause"));
        assertEquals(TelephonyException.Kind.CONFLICT, again.kind());
        assertEquals(TaskStatus.RUNNING, control.apply(id, "resume").status());
        assertEquals(TaskStatus.STOPPED, control.apply(id, "stop").status());
        assertThrows(TelephonyException.class, () -> control.apply(id, "start"), "a stopped task stays stopped");
        assertEquals(TelephonyException.Kind.NOT_FOUND,
                assertThrows(TelephonyException.class, () -> control.find("../etc")).kind());
    }
}
