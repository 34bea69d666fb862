package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.call.NodePool;
import java.util.List;

/** The FreeSWITCH nodes as the console shows them: totals, then each node. */
public record FsStatus(String mode, String node, boolean connected, int liveCalls, long eventsSeen, long reconnects,
                       List<String> gateways, List<NodeStatus> nodes) {

    /** One node; its limits are null when unlimited (demo mode). */
    public record NodeStatus(String name, String address, boolean connected, int liveCalls, long eventsSeen,
                             long reconnects, List<String> gateways, Integer maxChannels, Integer maxCps) {
    }

    static FsStatus of(NodePool nodes, TelephonyConfig config) {
        List<NodeStatus> each = nodes.nodes().stream().map(c -> {
            NodePool.Limits l = nodes.limits(c);
            return new NodeStatus(c.node().name(), c.node().host() + ":" + c.node().port(), c.connected(), c.liveCalls(),
                    c.eventsSeen(), c.reconnects(), l.gateways().isEmpty() ? config.gateways() : List.copyOf(l.gateways()),
                    l.maxChannels() == Integer.MAX_VALUE ? null : l.maxChannels(), l.maxCps() == Integer.MAX_VALUE ? null : l.maxCps());
        }).toList();
        return new FsStatus(config.demo() ? "demo" : "freeswitch",
                String.join(", ", each.stream().map(n -> n.address() + " (" + n.name() + ")").toList()),
                each.stream().anyMatch(NodeStatus::connected), each.stream().mapToInt(NodeStatus::liveCalls).sum(),
                each.stream().mapToLong(NodeStatus::eventsSeen).sum(), each.stream().mapToLong(NodeStatus::reconnects).sum(),
                config.gateways(), each);
    }
}
