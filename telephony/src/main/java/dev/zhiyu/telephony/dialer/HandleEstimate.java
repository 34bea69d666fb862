package dev.zhiyu.telephony.dialer;

/**
 * Agents' mean handle time learnt online by Little's law: busy agents = connects per ms × handle time, both as
 * exponentially decaying sums over about {@code horizon} (busy agent-ms from the pacer's snapshots, connects from
 * the answered calls handed to an agent). The settings' handle time is used until {@value #MIN_CONNECTS} connects
 * and two handle times of snapshots have passed (before that the agents still ramp up and the ratio is biased
 * low), and it stays within a factor of 4 of the settings'.
 */
final class HandleEstimate {

    private static final double MIN_CONNECTS = 60;

    private final double priorMillis;
    private final double horizonMillis;
    private double busyMillis;
    private double connects;
    private double totalConnects;
    private long lastAt = Long.MIN_VALUE;
    private long firstAt = Long.MIN_VALUE;
    private int busy;

    HandleEstimate(double priorMillis, double horizonMillis) {
        this.priorMillis = priorMillis;
        this.horizonMillis = horizonMillis;
    }

    /** The busy agents seen at {@code at} (they count until the next observation). */
    void busy(long at, int busyNow) {
        advance(at);
        busy = Math.max(0, busyNow);
    }

    /** An answered call went to an agent at {@code at}. */
    void connected(long at) {
        if (firstAt == Long.MIN_VALUE) {
            return; // no busy agents seen yet: this connect has nothing to be set against
        }
        advance(at);
        connects++;
        totalConnects++;
    }

    private void advance(long at) {
        if (firstAt == Long.MIN_VALUE) {
            lastAt = at;
            firstAt = at;
            return;
        }
        long dt = Math.max(0, at - lastAt);
        if (dt == 0) {
            return;
        }
        double decay = Math.exp(-dt / horizonMillis);
        // busy × dt integrated with the same decay as the connects (approximately: the mean over the step)
        busyMillis = busyMillis * decay + busy * horizonMillis * (1 - decay);
        connects *= decay;
        lastAt = at;
    }

    double meanMillis() {
        if (totalConnects < MIN_CONNECTS || lastAt - firstAt < 2 * priorMillis || connects <= 0) {
            return priorMillis;
        }
        // within a factor of 4 of the settings: a stalled snapshot stream must not turn into absurd handle times
        return Math.max(priorMillis / 4, Math.min(priorMillis * 4, busyMillis / connects));
    }
}
