package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.NodePool;
import dev.zhiyu.telephony.call.RateWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a call of a tenant's task may start, and the slots it holds while it lasts: its lead (dialled by one call at
 * a time), a slot of its task's {@code maxConcurrent}, a line of the tenant's cap on concurrent calls across its tasks,
 * the task's and the tenant's calls per second, a gateway slot (caps shared with the node's other tenants) and a
 * FreeSWITCH node with room. A call's slots are one {@link Reservation}, given back together and once.
 */
final class Admission {

    private final NodePool nodes;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> taskRates = new ConcurrentHashMap<>();
    private final RateWindow tenantRate = new RateWindow();
    private final Set<String> busyLeads = ConcurrentHashMap.newKeySet();
    private volatile int maxCalls = Integer.MAX_VALUE;
    private volatile int maxCps = Integer.MAX_VALUE;
    private volatile GatewayLimits gatewayLimits = GatewayLimits.unlimited();

    Admission(NodePool nodes) {
        this.nodes = nodes;
    }

    void maxCalls(int cap) {
        maxCalls = cap;
    }

    int maxCalls() {
        return maxCalls;
    }

    void maxCallsPerSecond(int cap) {
        maxCps = cap;
    }

    int maxCallsPerSecond() {
        return maxCps;
    }

    void gatewayLimits(GatewayLimits limits) {
        gatewayLimits = limits;
    }

    /** The tenant's calls now. */
    int active() {
        return active.get();
    }

    /** The most concurrent calls the tenant has had. */
    int peak() {
        return peak.get();
    }

    /** The task's calls now. */
    int running(String taskId) {
        return running.computeIfAbsent(taskId, k -> new AtomicInteger()).get();
    }

    /** Whether the lead is in a call of this process (or held for one whose node could not be asked). */
    boolean busy(String taskId, String leadId) {
        return busyLeads.contains(taskId + "|" + leadId);
    }

    /** Whether every cap leaves room for one more call of the task now. */
    boolean room(TaskSpec task, Instant now) {
        return running(task.id()) < task.maxConcurrent() && active.get() < maxCalls
                && taskRate(task.id()).room(now, task.callsPerSecond()) && tenantRate.room(now, maxCps)
                && gatewayLimits.anyRoom(task.gateways(), now) && nodes.anyRoom(task.gateways(), now);
    }

    /**
     * Takes every slot a new call of the lead needs, or none: empty when a cap is reached. The gateway is the first
     * from {@code preferredGateway} on with room on it and on some connected node; the node is the least loaded one.
     */
    Optional<Reservation> reserve(TaskSpec task, String leadId, int preferredGateway, Instant now) {
        try (Reservation r = new Reservation(task.id(), leadId)) {
            if (!r.holdLead() || !r.takeLine() || !r.takeTaskRate(task, now) || !r.takeTenantRate(now)
                    || !r.takeGateway(task, preferredGateway, now) || !r.takeNode(now)) {
                return Optional.empty();
            }
            return Optional.of(r.handOver());
        }
    }

    /** Counts a call that exists already (re-attached, or waiting for its node to answer), over the caps if need be. */
    Reservation occupy(String taskId, String leadId, String gateway) {
        Reservation r = new Reservation(taskId, leadId);
        r.holdLead();
        r.line = true;
        peak.accumulateAndGet(active.incrementAndGet(), Math::max);
        if (gateway != null) {
            r.limits = gatewayLimits;
            r.gateway = gateway;
            r.limits.occupy(gateway);
        }
        r.originated = true;
        return r;
    }

    private RateWindow taskRate(String taskId) {
        return taskRates.computeIfAbsent(taskId, k -> new RateWindow());
    }

    /** The task's gateways from the preferred one on (wrapping), keeping those some connected node has room on. */
    private List<String> reachableFrom(List<String> gateways, int preferred, Instant now) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < gateways.size(); i++) {
            String g = gateways.get((preferred + i) % gateways.size());
            if (nodes.room(g, now)) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The slots of one call. {@link #close()} gives back what was taken, once: the line, task slot, lead and gateway
     * slot always, the calls-per-second counts only if the originate never left ({@link #originated()}).
     * {@link #handOver()} moves them to a new owner (the call's thread), so the launching code's close is a no-op.
     */
    final class Reservation implements AutoCloseable {
        private final String taskId;
        private final String leadId;
        private final AtomicBoolean held = new AtomicBoolean(true);
        private boolean lead;
        private boolean line;
        private Instant taskRatedAt;
        private Instant tenantRatedAt;
        private GatewayLimits limits;
        private String gateway;
        private CallControl node;
        private volatile boolean originated;

        private Reservation(String taskId, String leadId) {
            this.taskId = taskId;
            this.leadId = leadId;
        }

        /** The gateway the call goes out on; null for a call held while its node could not be asked. */
        String gateway() {
            return gateway;
        }

        /** The node picked for a new call. */
        CallControl node() {
            return node;
        }

        /** The originate is about to leave: its calls-per-second counts stay used whatever happens next. */
        void originated() {
            originated = true;
        }

        /** These slots, now owned by the returned reservation; closing this one no longer gives them back. */
        Reservation handOver() {
            if (!held.compareAndSet(true, false)) {
                throw new IllegalStateException("预留已释放或已移交");
            }
            Reservation next = new Reservation(taskId, leadId);
            next.lead = lead;
            next.line = line;
            next.taskRatedAt = taskRatedAt;
            next.tenantRatedAt = tenantRatedAt;
            next.limits = limits;
            next.gateway = gateway;
            next.node = node;
            next.originated = originated;
            return next;
        }

        @Override
        public void close() {
            if (!held.compareAndSet(true, false)) {
                return;
            }
            if (gateway != null) {
                limits.release(gateway);
            }
            if (taskRatedAt != null && !originated) {
                taskRate(taskId).giveBack(taskRatedAt);
            }
            if (tenantRatedAt != null && !originated) {
                tenantRate.giveBack(tenantRatedAt);
            }
            if (line) {
                active.decrementAndGet();
            }
            if (lead) {
                running.get(taskId).decrementAndGet();
                busyLeads.remove(taskId + "|" + leadId);
            }
        }

        private boolean holdLead() {
            lead = busyLeads.add(taskId + "|" + leadId);
            if (lead) {
                running.computeIfAbsent(taskId, k -> new AtomicInteger()).incrementAndGet();
            }
            return lead;
        }

        private boolean takeLine() {
            while (true) {
                int a = active.get();
                if (a >= maxCalls) {
                    return false;
                }
                if (active.compareAndSet(a, a + 1)) {
                    peak.accumulateAndGet(a + 1, Math::max);
                    line = true;
                    return true;
                }
            }
        }

        private boolean takeTaskRate(TaskSpec task, Instant now) {
            taskRatedAt = taskRate(taskId).take(now, task.callsPerSecond()) ? now : null;
            return taskRatedAt != null;
        }

        /** The tenant's calls per second are shared by all its tasks, so a tick of one task may find them used up. */
        private boolean takeTenantRate(Instant now) {
            tenantRatedAt = tenantRate.take(now, maxCps) ? now : null;
            return tenantRatedAt != null;
        }

        private boolean takeGateway(TaskSpec task, int preferred, Instant now) {
            GatewayLimits l = gatewayLimits;
            String g = l.acquire(reachableFrom(task.gateways(), preferred, now), 0, now);
            if (g == null) {
                return false; // every gateway of the task is at its cap (shared with the node's other tenants)
            }
            limits = l;
            gateway = g;
            return true;
        }

        private boolean takeNode(Instant now) {
            node = nodes.pick(gateway, now).orElse(null);
            return node != null; // else no connected FreeSWITCH node has this gateway with room
        }
    }
}
