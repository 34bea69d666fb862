package dev.zhiyu.telephony.dialer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A launch that fails after taking its slots (the store throws) gives every slot back: none leaks. */
class ReservationTest extends SimulatedNodeTest {

    private final InMemoryDialerStore memory = new InMemoryDialerStore(SHANGHAI);
    private final AtomicBoolean failSaves = new AtomicBoolean(true);

    @Test
    void aStoreFailureAfterTheClaimGivesBackTheLineTheTaskSlotTheGatewaySlotAndTheRates() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.INVALID_NUMBER));
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", sim.start(), "ClueCon"), clock, m -> { }).start();
        memory.putList("l", List.of(new Lead("L0", "l", 0, "+8613500000000", "13500000000", Map.of()),
                new Lead("L1", "l", 1, "+8613500000001", "13500000001", Map.of())));
        // one call at a time and one a second, for the task, the tenant and the gateway alike
        memory.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 1,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 3, 30));
        GatewayLimits limits = new GatewayLimits(1, 10);
        // the store's saveProgress fails while failSaves is set: the launch's own save, after its attempt is claimed
        Dialer dialer = new Dialer(FailingStore.of(memory, m -> failSaves.get() && m.equals("saveProgress"), "数据库不可用"),
                control, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(1), null, "queue:", "test"),
                clock, m -> { }, r -> { });
        dialer.maxCalls(1);
        dialer.maxCallsPerSecond(1);
        dialer.gatewayLimits(limits);
        dialer.start("T");

        assertThrows(IllegalStateException.class, () -> dialer.tick("T"), "the launch's saveProgress failed");
        assertEquals(0, dialer.active(), "the tenant's line came back");
        assertEquals(0, limits.active("gw1"), "the gateway slot came back");
        assertEquals(1, memory.openAttempts("T").size(), "the claimed attempt stays used: it is never dialled again");
        assertTrue(sim.dialled().isEmpty(), "nothing was originated");

        failSaves.set(false);
        // the same second: L0's attempt is claimed already (that launch gives its slots back too); L1 gets the line,
        // the task's and the tenant's one call a second, the gateway slot
        assertEquals(1, dialer.tick("T"), "every slot the failed launch took is free again");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (memory.records("T").isEmpty() || dialer.active() > 0) {
            assertTrue(System.nanoTime() < deadline, "L1's call did not end");
            Thread.sleep(10);
        }
        assertEquals("L1", memory.records("T").get(0).leadId());
        assertEquals(List.of("13500000001"), sim.dialled());
        assertEquals(0, limits.active("gw1"), "the call's gateway slot came back when it ended");
        assertEquals(1, dialer.peakConcurrent());
    }
}
