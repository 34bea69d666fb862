package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The switchboard composes nodes (or the demo simulator) behind telephony's API. */
class SwitchboardTest {
    private static Switchboard.Config config(List<Switchboard.Node> nodes, Switchboard.Demo demo) {
        return new Switchboard.Config(nodes, demo, List.of("gw1", "gw2"), 500, 30, 0.03, Duration.ofMillis(200), null, 3,
                CallGuards.defaults());
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
    void startsWithEveryNodeDownAndConnectsWhenItComesUp() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
        int port = sim.start();
        sim.goOffline(); // the switch is down when the server starts
        try (sim; Switchboard s = new Switchboard(config(List.of(new Switchboard.Node("fsA", "127.0.0.1", port,
                "ClueCon", List.of("gw1"), 10, 5)), null), Clock.systemUTC(), alerts::add).start()) {
            Switchboard.NodeState down = s.nodes().getFirst();
            assertFalse(down.connected());
            assertTrue(down.problem().startsWith("FreeSWITCH 节点 fsA 无法连接：127.0.0.1:" + port + " 拒绝连接"),
                    down.problem());
            assertEquals(List.of(down.problem()), alerts);
            assertEquals("等待 FreeSWITCH 节点恢复连接（fsA：" + down.problem() + "）", s.waiting(List.of("gw1")).orElseThrow());

            sim.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!s.nodes().getFirst().connected()) {
                assertTrue(System.nanoTime() < deadline, "the node came up and was connected");
                Thread.sleep(10);
            }
            assertEquals(Optional.empty(), s.waiting(List.of("gw1")));
            assertNull(s.nodes().getFirst().problem());
            assertTrue(alerts.getLast().equals("FreeSWITCH 节点 fsA（127.0.0.1:" + port + "）已恢复连接"), alerts.toString());
        }
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
            assertTrue(alerts.stream().anyMatch(a -> a.startsWith("FreeSWITCH 节点 fsB 无法连接：127.0.0.1:" + down)),
                    alerts.toString());
            assertEquals(Optional.empty(), s.waiting(List.of("gw1", "gw2")), "fsA has gw1");
            assertTrue(s.waiting(List.of("gw2")).orElseThrow().startsWith("等待 FreeSWITCH 节点恢复连接（fsB："));
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
