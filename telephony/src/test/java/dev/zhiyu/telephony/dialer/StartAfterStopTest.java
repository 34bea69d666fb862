package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.call.NodePool;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server hands an operator's start to the tenant's dialer loop, which may run it after the operator has already
 * paused or stopped the task (the crash harness lost acknowledged stops this way): the dialer's start recovers the
 * task but never moves it out of a status an operator set meanwhile.
 */
class StartAfterStopTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aLateStartLeavesAStoppedOrPausedTaskAsItIsAndStartsANewOne() {
        InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
        store.putList("l", List.of(new Lead("L0", "l", 2, "+8613900000000", "13900000000", Map.of())));
        Dialer dialer = new Dialer(store, new NodePool(), new ScriptedDialogEngine(), DialogBridge.Settings.defaults(),
                new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant()), a -> { }, r -> { });
        for (TaskStatus operatorSet : List.of(TaskStatus.STOPPED, TaskStatus.PAUSED, TaskStatus.COMPLETED)) {
            String id = "T" + operatorSet;
            store.saveTask(task(id));
            store.setStatus(id, operatorSet);
            dialer.start(id);
            assertEquals(operatorSet, store.status(id), "a late start undid " + operatorSet);
        }
        store.saveTask(task("TNEW"));
        dialer.start("TNEW");
        assertEquals(TaskStatus.RUNNING, store.status("TNEW"));
    }

    private static TaskSpec task(String id) {
        return new TaskSpec(id, "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50, LocalTime.of(9, 0),
                LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 5, 30);
    }
}
