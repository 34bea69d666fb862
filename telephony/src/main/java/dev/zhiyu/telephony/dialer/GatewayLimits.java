package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.call.RateWindow;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-gateway caps shared by every tenant's {@link Dialer} on one node: at most {@code maxCalls} concurrent calls
 * and {@code maxCps} originates in any one second on each gateway (carrier trunks are sold with both limits, and
 * the carrier rejects or blocks traffic above them). Thread-safe.
 */
public final class GatewayLimits {

    private final int maxCalls;
    private final int maxCps;
    private final Map<String, Integer> active = new HashMap<>();
    private final Map<String, Integer> peak = new HashMap<>();
    private final Map<String, RateWindow> recent = new HashMap<>();

    public GatewayLimits(int maxCalls, int maxCps) {
        if (maxCalls < 1 || maxCps < 1) {
            throw new IllegalArgumentException("网关并发上限和每秒呼叫上限须至少为 1");
        }
        this.maxCalls = maxCalls;
        this.maxCps = maxCps;
    }

    /** No limits (a single tenant's dialer in tests and tools). */
    public static GatewayLimits unlimited() {
        return new GatewayLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public int maxCalls() {
        return maxCalls;
    }

    public int maxCps() {
        return maxCps;
    }

    private boolean room(String gateway, Instant now) {
        return active.getOrDefault(gateway, 0) < maxCalls
                && recent.computeIfAbsent(gateway, k -> new RateWindow()).room(now, maxCps);
    }

    /** Whether any of {@code gateways} could take a call now. */
    public synchronized boolean anyRoom(List<String> gateways, Instant now) {
        return gateways.stream().anyMatch(g -> room(g, now));
    }

    /**
     * Takes a call slot on the first gateway with room, trying {@code gateways} from index {@code preferred} on
     * (wrapping); returns that gateway, or null when all are at their caps.
     */
    public synchronized String acquire(List<String> gateways, int preferred, Instant now) {
        for (int i = 0; i < gateways.size(); i++) {
            String g = gateways.get((preferred + i) % gateways.size());
            if (room(g, now)) {
                int a = active.merge(g, 1, Integer::sum);
                peak.merge(g, a, Math::max);
                recent.get(g).take(now, maxCps);
                return g;
            }
        }
        return null;
    }

    /** Counts a call that already exists on {@code gateway} (re-attached after a restart), over the cap if need be. */
    public synchronized void occupy(String gateway) {
        peak.merge(gateway, active.merge(gateway, 1, Integer::sum), Math::max);
    }

    /** The call on {@code gateway} ended (or never left). */
    public synchronized void release(String gateway) {
        active.computeIfPresent(gateway, (g, a) -> a <= 1 ? null : a - 1);
    }

    public synchronized int active(String gateway) {
        return active.getOrDefault(gateway, 0);
    }

    /** The most concurrent calls seen on {@code gateway}. */
    public synchronized int peak(String gateway) {
        return peak.getOrDefault(gateway, 0);
    }
}
