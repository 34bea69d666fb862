package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private record Member(CallControl control, Limits limits, RateWindow recent) {
    }

    private final List<Member> members = new CopyOnWriteArrayList<>();

    public NodePool add(CallControl control, Limits limits) {
        members.add(new Member(control, limits, new RateWindow()));
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
        return m.recent.room(now, m.limits.maxCps());
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
        best.ifPresent(m -> m.recent.take(now, m.limits.maxCps()));
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

    /** The names of the nodes (as {@link CallControl.Node#name()}), in order. */
    public Set<String> names() {
        Set<String> out = new java.util.LinkedHashSet<>();
        members.forEach(m -> out.add(m.control.node().name()));
        return out;
    }

    /** Whether the node called {@code name} is in the pool and connected. */
    public boolean connected(String name) {
        return members.stream().anyMatch(m -> m.control.node().name().equals(name) && m.control.connected());
    }

    /** The node called {@code name} if it is in the pool and connected. */
    public Optional<CallControl> connectedNode(String name) {
        return members.stream().map(Member::control).filter(c -> c.node().name().equals(name) && c.connected())
                .findFirst();
    }

    /**
     * Live channel UUIDs per node, for the nodes that are connected and answered {@code show channels}; a node left
     * out could not be asked, so nothing may be concluded about its calls.
     */
    public Map<String, Set<String>> liveChannelsByNode(Consumer<String> alerts) {
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        for (Member m : members) {
            liveChannelUuids(m, alerts).ifPresent(live -> out.put(m.control.node().name(), live));
        }
        return out;
    }

    /** The live channels of the node called {@code name}; empty when it is unknown, down or does not answer. */
    public Optional<Set<String>> liveChannelUuids(String name, Consumer<String> alerts) {
        return members.stream().filter(m -> m.control.node().name().equals(name)).findFirst()
                .flatMap(m -> liveChannelUuids(m, alerts));
    }

    private static Optional<Set<String>> liveChannelUuids(Member m, Consumer<String> alerts) {
        if (!m.control.connected()) {
            return Optional.empty();
        }
        try {
            return Optional.of(m.control.liveChannelUuids());
        } catch (Exception e) {
            alerts.accept("FreeSWITCH " + m.control.node().name() + " 通道读取失败: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Re-attaches a crashed process's call on the node called {@code node} if it is in the pool, else on whichever
     * connected node has it (see {@link CallControl#reattach}).
     */
    public Optional<Call> reattach(String node, OriginateRequest request, Instant originatedAt) {
        for (Member m : members) {
            if (m.control.connected() && m.control.node().name().equals(node)) {
                return m.control.reattach(request, originatedAt);
            }
        }
        return names().contains(node) ? Optional.empty() : reattach(request, originatedAt);
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
