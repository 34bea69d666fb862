package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.Switchboard;
import java.util.List;

/**
 * The FreeSWITCH nodes as the console shows them: totals, then each node.
 *
 * @param liveCalls        calls confirmed by a connected node
 * @param unconfirmedCalls calls on nodes whose connection is down: not shown as live until the node is back
 */
public record FsStatus(String mode, String node, boolean connected, int liveCalls, int unconfirmedCalls,
                       long eventsSeen, long reconnects, List<String> gateways, List<NodeStatus> nodes) {

    /** One node; its limits are null when unlimited (demo mode); {@code problem} why it is down (null when up). */
    public record NodeStatus(String name, String address, boolean connected, String problem, int liveCalls,
                             int unconfirmedCalls, long eventsSeen, long reconnects, List<String> gateways,
                             Integer maxChannels, Integer maxCps) {
    }

    static FsStatus of(List<Switchboard.NodeState> nodes, TelephonyConfig config) {
        List<NodeStatus> each = nodes.stream().map(c -> new NodeStatus(c.name(), c.host() + ":" + c.port(),
                c.connected(), c.problem(), c.liveCalls(), c.unconfirmedCalls(), c.eventsSeen(), c.reconnects(),
                c.gateways().isEmpty() ? config.gateways() : List.copyOf(c.gateways()),
                c.maxChannels() == Integer.MAX_VALUE ? null : c.maxChannels(),
                c.maxCps() == Integer.MAX_VALUE ? null : c.maxCps())).toList();
        return new FsStatus(config.demo() ? "demo" : "freeswitch",
                String.join(", ", each.stream().map(n -> n.address() + " (" + n.name() + ")").toList()),
                each.stream().anyMatch(NodeStatus::connected), each.stream().mapToInt(NodeStatus::liveCalls).sum(),
                each.stream().mapToInt(NodeStatus::unconfirmedCalls).sum(),
                each.stream().mapToLong(NodeStatus::eventsSeen).sum(), each.stream().mapToLong(NodeStatus::reconnects).sum(),
                config.gateways(), each);
    }
}
