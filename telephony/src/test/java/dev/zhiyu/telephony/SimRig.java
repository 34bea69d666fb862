package dev.zhiyu.telephony;

import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import dev.zhiyu.telephony.sim.FsSimulator;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The setup dialer tests share: a started FreeSWITCH simulator, one node's {@link CallControl} connected to it
 * (node {@code fs1}), an in-memory store, a manual clock in Shanghai and the alerts raised. Closing it closes the
 * control and the simulator.
 */
public final class SimRig implements AutoCloseable {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday 2 March 2026, 10:00 in Shanghai: inside the calling window of {@link #task}. */
    public static final Instant MONDAY_10 = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant();

    public final FsSimulator sim;
    public final ManualClock clock;
    public final List<String> alerts = new CopyOnWriteArrayList<>();
    public final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    public final CallControl control;

    private SimRig(FsSimulator sim, Instant start, UnaryOperator<CallControl> configure) throws IOException {
        this.sim = sim;
        this.clock = new ManualClock(start);
        try {
            this.control = configure.apply(new CallControl(new CallControl.Node("fs1", "127.0.0.1", sim.start(),
                    "ClueCon"), clock, alerts::add)).start();
        } catch (IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** Starts {@code sim} and connects to it; the clock reads {@link #MONDAY_10}. */
    public static SimRig on(FsSimulator sim) throws IOException {
        return on(sim, MONDAY_10);
    }

    public static SimRig on(FsSimulator sim, Instant start) throws IOException {
        return new SimRig(sim, start, c -> c);
    }

    /** As {@link #on(FsSimulator)}, the node's control set up by {@code configure} (e.g. its dead-air guard) first. */
    public static SimRig on(FsSimulator sim, UnaryOperator<CallControl> configure) throws IOException {
        return new SimRig(sim, MONDAY_10, configure);
    }

    /**
     * Stores {@code leads} as list {@code list1} and task {@code T1} of tenant {@code acme} over it: one caller id, gateway
     * {@code gw1}, 10 lines, 20 calls a second, 09:00–20:00, 3 attempts.
     */
    public TaskSpec task(List<Lead> leads) {
        return task(leads, 10, 20, 3);
    }

    /** As {@link #task(List)} with {@code lines} concurrent calls, {@code perSecond} calls a second and {@code attempts}. */
    public TaskSpec task(List<Lead> leads, int lines, int perSecond, int attempts) {
        store.putList("list1", leads);
        TaskSpec t = new TaskSpec("T1", "acme", "list1", "account_opening", List.of("057188880000"), List.of("gw1"),
                lines, perSecond, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), attempts,
                TaskSpec.defaultRetryDelays(), 3, 30);
        store.saveTask(t);
        return t;
    }

    /** One lead, {@code L0} at +8613500000000, for a task of one call. */
    public static List<Lead> oneLead() {
        return List.of(new Lead("L0", "list1", 0, "+8613500000000", "13500000000", java.util.Map.of()));
    }

    /** A dialer with its task, as {@link #scripted} sets them up. */
    public record Scripted(String task, Dialer dialer) {
    }

    /**
     * A started task of one call ({@link #oneLead}; one line, 10 calls a second, one attempt) and its dialer, which
     * talks to {@code engine} over the simulator's {@code test} speech engines and sends its call states to
     * {@code states}; the caller ticks it.
     */
    public Scripted scripted(DialogEngine engine, Duration noInput, Duration maxDuration, Consumer<CallState> states) {
        String task = task(oneLead(), 1, 10, 1).id();
        Dialer dialer = dialer(engine, new DialogBridge.Settings("test", "default", noInput, maxDuration, null, "queue:",
                "test"));
        dialer.onState(states);
        dialer.start(task);
        return new Scripted(task, dialer);
    }

    /** A dialer on this rig's store, node, clock and alerts. */
    public Dialer dialer(DialogEngine engine, DialogBridge.Settings settings) {
        return new Dialer(store, control, engine, settings, clock, alerts::add, r -> { });
    }

    @Override
    public void close() throws IOException {
        control.close();
        sim.close();
    }
}
