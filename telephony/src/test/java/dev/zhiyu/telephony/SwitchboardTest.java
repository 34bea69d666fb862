package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The switchboard composes nodes (or the demo simulator) behind telephony's API. */
class SwitchboardTest {
    private static Switchboard.Config config(List<Switchboard.Node> nodes, Switchboard.Demo demo) {
        return new Switchboard.Config(nodes, demo, List.of("gw1", "gw2"), 500, 30, 0.03);
    }

    @Test
    void demoModeRunsOneUnlimitedSimulatedNode() throws IOException {
        try (Switchboard s = new Switchboard(config(List.of(), new Switchboard.Demo(0.01, "sales@default", 2)),
                Clock.systemUTC(), m -> { }).start()) {
            Switchboard.NodeState n = s.nodes().getFirst();
            assertEquals(1, s.nodes().size());
            assertEquals("demo-simulator", n.name());
            assertEquals("127.0.0.1", n.host());
            assertTrue(n.connected());
            assertEquals(Set.of(), n.gateways());
            assertEquals(Integer.MAX_VALUE, n.maxChannels());
        }
    }

    @Test
    void noReachableNodeFailsLoudly() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Switchboard s = new Switchboard(config(List.of(new Switchboard.Node("fsA", "127.0.0.1", port, "ClueCon",
                List.of("gw1"), 10, 5)), null), Clock.systemUTC(), m -> { });
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().startsWith("连接 FreeSWITCH 失败 [fsA（127.0.0.1:" + port + "）："), e.getMessage());
    }

    @Test
    void aNodeDownAtStartIsRetriedAndReported() throws IOException {
        List<String> alerts = new CopyOnWriteArrayList<>();
        int down;
        try (ServerSocket free = new ServerSocket(0)) {
            down = free.getLocalPort();
        }
        FsSimulator up = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
        try (up; Switchboard s = new Switchboard(config(List.of(
                new Switchboard.Node("fsA", "127.0.0.1", up.start(), "ClueCon", List.of("gw1"), 10, 5),
                new Switchboard.Node("fsB", "127.0.0.1", down, "ClueCon", List.of("gw2"), 20, 6)), null),
                Clock.systemUTC(), alerts::add).start()) {
            assertEquals(List.of(true, false), s.nodes().stream().map(Switchboard.NodeState::connected).toList());
            assertEquals(Set.of("gw2"), s.nodes().get(1).gateways());
            assertEquals(20, s.nodes().get(1).maxChannels());
            assertTrue(alerts.stream().anyMatch(a -> a.startsWith("FreeSWITCH 节点暂不可用，后台重连：fsB")), alerts.toString());
        }
    }

    @Test
    void aProbeRunsApiCommands() throws Exception {
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
             EslProbe probe = EslProbe.connect("127.0.0.1", sim.start(), "ClueCon", Duration.ofSeconds(5))) {
            assertTrue(probe.api("status", Duration.ofSeconds(5)).contains("is ready"));
        }
    }
}
