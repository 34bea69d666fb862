package dev.zhiyu.telephony.dialer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A shutdown waits for the call threads only so long: a thread stuck in a store call is named (its call id) when the
 * wait is over, and the thread still ends once the store answers.
 */
class ShutdownWaitTest {

    @Test
    void aCallThreadStuckInTheStoreIsNamedWhenTheBoundedWaitIsOver() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicBoolean stuck = new AtomicBoolean();
        List<CallState> states = new CopyOnWriteArrayList<>();
        // a callee who answers and says nothing: the bot waits out its no-input timer
        try (SimRig rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers()))) {
            String task = rig.task(SimRig.oneLead(), 1, 10, 1).id();
            DialerStore slow = (DialerStore) Proxy.newProxyInstance(DialerStore.class.getClassLoader(),
                    new Class<?>[]{DialerStore.class}, (proxy, m, args) -> {
                        if (stuck.get() && m.getName().equals("appendLine")) {
                            answer.await(); // a database call that does not return
                        }
                        try {
                            return m.invoke(rig.store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Dialer dialer = new Dialer(slow, rig.control, new ScriptedDialogEngine(),
                    new DialogBridge.Settings("test", "default", Duration.ofSeconds(20), Duration.ofMinutes(1), null,
                            "queue:", "test"), rig.clock, rig.alerts::add, r -> { });
            dialer.onState(states::add);
            dialer.start(task);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (states.stream().noneMatch(s -> s.state().equals("talking"))) {
                assertTrue(System.nanoTime() < deadline, "no dialog started: " + states);
                dialer.tick(task);
                Thread.sleep(10);
            }
            String callId = states.get(0).callId();
            stuck.set(true);

            long t0 = System.nanoTime();
            List<String> left = dialer.shutdown(Duration.ofMillis(300));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(List.of(callId), left, "the call whose thread did not end is named");
            assertTrue(waited >= 300 && waited < 5_000, "waited " + waited + " ms");
            assertEquals(0, dialer.tick(task), "a dialer shut down places no call");

            answer.countDown();
            assertEquals(List.of(), dialer.shutdown(Duration.ofSeconds(5)), "the thread ends once the store answers");
            assertEquals(1, rig.store.openAttempts(task).size(), "its attempt is left open");
            assertTrue(rig.store.lines(callId).getLast().startsWith("系统: 服务器停止"), rig.store.lines(callId).toString());
        }
    }
}
