package dev.zhiyu.telephony.sim;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The dead air of one answered leg: stretches with no application running (reported to the simulator), the last
 * time an ESL client controlled it, and whether the switch's dead-air guard fired and apologised before the hang-up.
 */
final class SimDeadAir {

    private final FsSimulator sim;
    /** System.nanoTime() since when the answered channel runs no application (dead air), or -1. */
    private volatile long idleSince = -1;
    /** The last time an ESL client sent a command naming this channel (or its answer): the start of any dead air. */
    private volatile Instant lastControl = Instant.now();
    /** When a scheduled dead-air guard task fired for this channel, or null. */
    private volatile Instant guardFiredAt;
    private volatile boolean apologised;

    SimDeadAir(FsSimulator sim) {
        this.sim = sim;
    }

    void touched() {
        lastControl = Instant.now();
    }

    void guardFired() {
        if (guardFiredAt == null) {
            guardFiredAt = Instant.now();
        }
    }

    /** The leg is answered and parked: nothing plays yet. */
    void answered() {
        lastControl = Instant.now();
        idleSince = System.nanoTime();
    }

    /** An application starts: the dead air (if any) ends; a playback after the guard fired is its apology. */
    void appStarted(String app) {
        endIdle();
        if (guardFiredAt != null && app.equals("playback")) {
            apologised = true;
        }
    }

    void appEnded() {
        idleSince = System.nanoTime();
    }

    /** Ends a stretch of dead air, reported to the simulator in unscaled milliseconds. */
    void endIdle() {
        if (idleSince >= 0) {
            sim.deadAir(System.nanoTime() - idleSince);
            idleSince = -1;
        }
    }

    /** Whether a callee who listens to dead air for at most {@code patienceMillis} (unscaled; 0: for ever) gives up. */
    boolean outlasts(long patienceMillis) {
        long idle = idleSince;
        return patienceMillis > 0 && idle >= 0
                && System.nanoTime() - idle > TimeUnit.MILLISECONDS.toNanos(sim.scaled(patienceMillis));
    }

    /** The leg hangs up: a hang-up the guard caused is recorded. */
    void hungUp(String uuid) {
        endIdle();
        if (guardFiredAt != null) {
            sim.deadAir(new FsSimulator.DeadAirHangup(uuid, lastControl, Instant.now(), apologised));
        }
    }
}
