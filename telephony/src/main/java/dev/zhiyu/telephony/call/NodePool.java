package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The FreeSWITCH nodes of a deployment. New calls go to the least loaded connected node that has the call's
 * gateway and room under its channel and calls-per-second limits; a node whose ESL connection is down gets none
 * until it is back (its own {@link CallControl} reconnects and resyncs its live calls). Per-call commands always
 * go to the node the call is on ({@link Call#control()}).
 */
public final class NodePool implements AutoCloseable {

    /**
     * @param gateways    the gateways this node has; empty = all
     * @param maxChannels concurrent calls this deployment places on the node
     * @param maxCps      originates per second sent to the node
     */
    public record Limits(Set<String> gateways, int maxChannels, int maxCps) {
        public Limits {
            gateways = Set.copyOf(gateways);
            if (maxChannels < 1 || maxCps < 1) {
                throw new IllegalArgumentException("节点的最大通道数和每秒呼叫数须至少为 1");
            }
        }

        public static Limits unlimited() {
            return new Limits(Set.of(), Integer.MAX_VALUE, Integer.MAX_VALUE);
        }

        boolean has(String gateway) {
            return gateways.isEmpty() || gateways.contains(gateway);
        }
    }

    private record Member(CallControl control, Limits limits, Deque<Instant> recent) {
    }

    private final List<Member> members = new CopyOnWriteArrayList<>();

    public NodePool add(CallControl control, Limits limits) {
        members.add(new Member(control, limits, new ArrayDeque<>()));
        return this;
    }

    /** One node without limits of its own (tests, tools, demo mode). */
    public static NodePool of(CallControl control) {
        return new NodePool().add(control, Limits.unlimited());
    }

    public List<CallControl> nodes() {
        return members.stream().map(Member::control).toList();
    }

    public Limits limits(CallControl control) {
        return members.stream().filter(m -> m.control == control).map(Member::limits).findFirst().orElseThrow();
    }

    private static boolean room(Member m, String gateway, Instant now) {
        if (!m.control.connected() || !m.limits.has(gateway) || m.control.liveCalls() >= m.limits.maxChannels()) {
            return false;
        }
        while (!m.recent.isEmpty() && !m.recent.peekFirst().isAfter(now.minusSeconds(1))) {
            m.recent.pollFirst();
        }
        return m.recent.size() < m.limits.maxCps();
    }

    /** Whether some connected node could take a call on one of {@code gateways} now. */
    public synchronized boolean anyRoom(List<String> gateways, Instant now) {
        return members.stream().anyMatch(m -> gateways.stream().anyMatch(g -> room(m, g, now)));
    }

    /** Whether some connected node has {@code gateway} with room now. */
    public synchronized boolean room(String gateway, Instant now) {
        return members.stream().anyMatch(m -> room(m, gateway, now));
    }

    /**
     * Picks the least loaded node with room for a call on {@code gateway} and counts the originate against its
     * calls-per-second; empty when every node is down or full.
     */
    public synchronized Optional<CallControl> pick(String gateway, Instant now) {
        Optional<Member> best = members.stream().filter(m -> room(m, gateway, now))
                .min(Comparator.comparingDouble(m -> (double) m.control.liveCalls() / m.limits.maxChannels()));
        best.ifPresent(m -> m.recent.addLast(now));
        return best.map(Member::control);
    }

    /** UUIDs of live channels on every connected node; a node that does not answer is left out (and alerted). */
    public Set<String> liveChannelUuids(Consumer<String> alerts) {
        Set<String> live = new HashSet<>();
        for (Member m : members) {
            if (!m.control.connected()) {
                continue;
            }
            try {
                live.addAll(m.control.liveChannelUuids());
            } catch (Exception e) {
                alerts.accept("FreeSWITCH " + m.control.node().name() + " 通道读取失败: " + e.getMessage());
            }
        }
        return live;
    }

    /** Re-attaches a crashed process's call on whichever connected node has it (see {@link CallControl#reattach}). */
    public Optional<Call> reattach(OriginateRequest request, Instant originatedAt) {
        for (Member m : members) {
            if (m.control.connected()) {
                Optional<Call> call = m.control.reattach(request, originatedAt);
                if (call.isPresent()) {
                    return call;
                }
            }
        }
        return Optional.empty();
    }

    /** A node-wide command (e.g. mod_callcenter's queue listing) on the first connected node. */
    public CompletableFuture<String> api(String command) {
        return members.stream().map(Member::control).filter(CallControl::connected).findFirst()
                .map(c -> c.api(command))
                .orElseGet(() -> CompletableFuture.failedFuture(new IOException("没有已连接的 FreeSWITCH 节点")));
    }

    @Override
    public void close() {
        members.forEach(m -> m.control.close());
    }
}
