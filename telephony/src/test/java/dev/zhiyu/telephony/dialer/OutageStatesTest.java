package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallState;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** No phantom live calls: while a node's connection is down its calls show as unconfirmed, not as talking. */
class OutageStatesTest {

    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final List<CallState> states = new CopyOnWriteArrayList<>();

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    private List<String> trail() {
        return states.stream().map(CallState::state).toList();
    }

    @Test
    void anAnsweredCallOnADisconnectedNodeShowsAsUnconfirmedUntilTheNodeIsBack() throws Exception {
        // a slow conversation (time scale 0.05) so the outage lands mid-call
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.05),
                n -> Callee.answers(Callee.says("我在考虑"), Callee.says("好的")));
        sim.start();
        store.putList("l", List.of(new Lead("L0", "l", 0, "+8613700000000", "13700000000", Map.of())));
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 5, 50,
                LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2, TaskSpec.defaultRetryDelays(), 5, 30));
        try (sim; CallControl node = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.port(), "ClueCon"),
                clock, a -> { }).backoffMax(Duration.ofMillis(100)).start()) {
            Dialer dialer = new Dialer(store, node, new ScriptedDialogEngine(),
                    new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofSeconds(4), null,
                            "queue:", "test"), clock, a -> { }, r -> { });
            dialer.onState(states::add);
            dialer.start("T");
            dialer.tick("T");
            await(() -> trail().contains("answered"), "the call was answered");
            assertTrue(!trail().contains("unconfirmed"), trail().toString());

            sim.goOffline();
            await(() -> trail().contains("unconfirmed"), "the call shows as unconfirmed while its node is down: " + trail());
            assertTrue(!node.connected() && node.liveCalls() == 1, "the call is still followed, not counted as lost");

            sim.start();
            await(() -> trail().lastIndexOf("answered") > trail().indexOf("unconfirmed")
                    || trail().getLast().equals("ended"), "once the node is back the call shows its state: " + trail());
        }
    }
}
