package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switch hangs up an answered call nobody controls within the bound, after an apology; controlled calls live on. */
class DeadAirGuardTest {

    private static final Duration BOUND = Duration.ofSeconds(3);
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final List<CallControl> controls = new ArrayList<>();
    private FsSimulator sim;

    @AfterEach
    void stop() throws Exception {
        controls.forEach(CallControl::close);
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void anOrphanIsApologisedToAndHungUpWithinTheBoundWhileAControlledCallLivesOn() throws Exception {
        int port = startSim();
        CallControl keeper = control(port);
        CallControl dying = control(port);
        Call kept = answered(keeper);
        Call orphan = answered(dying);
        Instant keptAnswered = Instant.now();
        dying.close(); // the dialer vanishes without hanging up: nothing it sent says goodbye

        FsSimulator.DeadAirHangup h = await(() -> hangupOf(orphan.uuid()).isPresent(), BOUND.plusSeconds(5),
                "the orphan is hung up by the switch") ? hangupOf(orphan.uuid()).orElseThrow() : null;
        assertTrue(h.apologised(), "an apology is played before the hang-up");
        assertTrue(h.deadAir().compareTo(BOUND.plusMillis(500)) <= 0, "dead air " + h.deadAir() + " within " + BOUND);
        assertFalse(sim.channelUp(orphan.uuid()));

        // the controlled call has outlived the guard the switch armed at its answer several times over
        await(() -> Duration.between(keptAnswered, Instant.now()).compareTo(BOUND.multipliedBy(2)) > 0,
                BOUND.multipliedBy(3), "time passes");
        assertTrue(sim.channelUp(kept.uuid()), "a controlled call is never cut by the guard");
        assertTrue(hangupOf(kept.uuid()).isEmpty());
        assertTrue(alerts.stream().noneMatch(a -> a.contains("死寂")), alerts.toString());
    }

    @Test
    void aReattachedCallIsNotCutByItsCrashedOwnersGuard() throws Exception {
        int port = startSim();
        CallControl crashed = control(port);
        Call call = answered(crashed);
        Instant answered = Instant.now();
        crashed.close();
        CallControl successor = control(port);
        Optional<Call> taken = successor.reattach(call.request(), Instant.now());
        assertTrue(taken.isPresent(), "re-attached");

        await(() -> Duration.between(answered, Instant.now()).compareTo(BOUND.multipliedBy(2)) > 0,
                BOUND.multipliedBy(3), "time passes");
        assertTrue(sim.channelUp(call.uuid()), "the earlier process's guard groups were deleted");
        assertTrue(sim.deadAirHangups().isEmpty(), sim.deadAirHangups().toString());
    }

    @Test
    void aCallHandedToAnAgentIsReleased() throws Exception {
        int port = startSim();
        CallControl dying = control(port);
        Call call = answered(dying);
        Instant answered = Instant.now();
        dying.api("uuid_transfer " + call.uuid() + " 1000 XML default").get(5, TimeUnit.SECONDS);
        dying.close();
        await(() -> !sim.channelUp(call.uuid()) || Duration.between(answered, Instant.now()).compareTo(BOUND.plusSeconds(2)) > 0,
                BOUND.multipliedBy(3), "time passes");
        assertTrue(sim.deadAirHangups().isEmpty(), "an agent's conversation gets no apology: " + sim.deadAirHangups());
    }

    @Test
    void aSwitchThatRefusesTheGuardIsAlertedOnceNamingTheNodeAndTheModule() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers()).without("mod_commands");
        int port = sim.start();
        CallControl c = control(port);
        Call first = answered(c);
        Call second = answered(c);
        await(() -> alerts.stream().anyMatch(a -> a.contains("死寂保护")), BOUND.plusSeconds(5), "the refusal is alerted");
        Instant seen = Instant.now();
        await(() -> Duration.between(seen, Instant.now()).compareTo(BOUND) > 0, BOUND.multipliedBy(2),
                "beats go on being refused");
        List<String> refusals = alerts.stream().filter(a -> a.contains("死寂保护")).toList();
        assertEquals(1, refusals.size(), "once, not per command or call: " + alerts);
        assertTrue(refusals.get(0).contains("fs1") && refusals.get(0).contains("mod_commands")
                && refusals.get(0).contains("Command not found"), refusals.get(0));
        assertTrue(sim.channelUp(first.uuid()) && sim.channelUp(second.uuid()), "the calls themselves go on");
        assertTrue(sim.deadAirHangups().isEmpty(), "no guard could be armed");
    }

    private int startSim() throws Exception {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers());
        return sim.start();
    }

    private CallControl control(int port) throws Exception {
        CallControl c = new CallControl(new CallControl.Node("fs1", "127.0.0.1", port, "ClueCon"), Clock.systemUTC(),
                alerts::add).deadAir(BOUND, "zhiyu/dead_air_apology.wav", Duration.ofSeconds(1)).start();
        controls.add(c);
        return c;
    }

    private static Call answered(CallControl c) throws Exception {
        Call call = c.originate(new OriginateRequest(UUID.randomUUID().toString(), "gw1", "13800138006", "057188880000",
                30, "acme", "T1", "L1"));
        assertTrue(call.originateResult().get(10, TimeUnit.SECONDS).startsWith("+OK"), "answered");
        return call;
    }

    private Optional<FsSimulator.DeadAirHangup> hangupOf(String uuid) {
        return sim.deadAirHangups().stream().filter(h -> h.uuid().equals(uuid)).findFirst();
    }

    private static boolean await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
        assertEquals(true, condition.getAsBoolean());
        return true;
    }
}
