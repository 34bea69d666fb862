package dev.zhiyu.telephony.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslAuthException;
import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's alerts name their cause once per change; its ESL filter lets through only the channels it follows. */
class NodeAlertsTest {

    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FsSimulator sim;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private int startSim() throws IOException {
        sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.of(Callee.Kind.BUSY));
        open.add(sim);
        return sim.start();
    }

    private CallControl control(int port, String password) {
        CallControl c = new CallControl(new CallControl.Node("fsA", "127.0.0.1", port, password), Clock.systemUTC(),
                alerts::add).backoffMax(Duration.ofMillis(100));
        open.add(c);
        return c;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    private List<String> alertsWith(String text) {
        return alerts.stream().filter(a -> a.contains(text)).toList();
    }

    @Test
    void aWrongPasswordIsNamedWithItsSettingOnceHoweverOftenItIsRetried() throws Exception {
        int port = startSim();
        CallControl c = control(port, "NotThePassword");
        assertThrows(EslAuthException.class, c::start);
        c.retryInBackground();
        await(() -> sim.connectionsAccepted() >= 4, "retried with backoff");
        List<String> pw = alertsWith("密码错误");
        assertEquals(1, pw.size(), alerts.toString());
        assertTrue(pw.getFirst().startsWith("FreeSWITCH 节点 fsA 密码错误，请检查 zhiyu.telephony.fs.password 设置"),
                pw.getFirst());
        assertTrue(pw.getFirst().contains("127.0.0.1:" + port + " 拒绝了 ESL 密码（-ERR invalid）"), pw.getFirst());
        assertEquals(pw.getFirst(), c.problem().orElseThrow());
    }

    @Test
    void anUnreachableNodeIsNamedWithHostAndPortAndItsRecoveryIsTold() throws Exception {
        int port = startSim();
        sim.goOffline(); // nothing listens on the port until start() again
        CallControl c = control(port, "ClueCon");
        assertThrows(ConnectException.class, c::start);
        List<String> refused = alertsWith("拒绝连接");
        assertEquals(1, refused.size(), alerts.toString());
        assertTrue(refused.getFirst().startsWith("FreeSWITCH 节点 fsA 无法连接：127.0.0.1:" + port + " 拒绝连接"),
                refused.getFirst());
        assertTrue(refused.getFirst().contains("zhiyu.telephony.fs.host"), refused.getFirst());
        c.retryInBackground();
        sim.start();
        await(c::connected, "reconnected once the node listens again");
        await(() -> !alertsWith("已恢复连接").isEmpty(), "recovery alerted");
        assertEquals(1, alertsWith("拒绝连接").size(), alerts.toString());
        assertTrue(c.problem().isEmpty());
    }

    @Test
    void aMissingGatewayIsNamedOnce() throws Exception {
        CallControl c = control(startSim(), "ClueCon").start();
        for (int i = 0; i < 2; i++) {
            Call call = c.originate(request(UUID.randomUUID().toString(), "gw9"));
            assertEquals("-ERR INVALID_GATEWAY", call.originateResult().get(10, TimeUnit.SECONDS).strip());
        }
        List<String> gw = alertsWith("没有网关 gw9");
        assertEquals(1, gw.size(), alerts.toString());
        assertTrue(gw.getFirst().startsWith("FreeSWITCH 节点 fsA 上没有网关 gw9（originate 返回 -ERR INVALID_GATEWAY"),
                gw.getFirst());
        assertTrue(gw.getFirst().contains("zhiyu.telephony.gateways"), gw.getFirst());
    }

    @Test
    void eventsOfAnotherApplicationsChannelOnTheSameSwitchAreNotDelivered() throws Exception {
        int port = startSim();
        CallControl ours = control(port, "ClueCon").start();
        List<EslEvent> all = new CopyOnWriteArrayList<>();
        EslClient foreign = EslClient.connect("127.0.0.1", port, "ClueCon", Duration.ofSeconds(5), all::add);
        open.add(foreign);
        foreign.events(EventFormat.PLAIN, CallControl.EVENTS);

        String theirs = UUID.randomUUID().toString();
        foreign.bgapi(request(theirs, "gw1").command(Map.of()), UUID.randomUUID().toString());
        await(() -> seen(all, theirs, "CHANNEL_HANGUP_COMPLETE"), "the foreign call ended");

        Call call = ours.originate(request(UUID.randomUUID().toString(), "gw1"));
        call.hangupComplete().get(10, TimeUnit.SECONDS);
        await(() -> all.stream().anyMatch(e -> call.jobUuid.equals(e.get("Job-UUID"))), "our job's result went out");
        // what our filter lets through: our channel's events and every job result (theirs included, as on FreeSWITCH)
        long expected = all.stream().filter(e -> call.uuid().equals(e.uniqueId())
                || e.name().equals("BACKGROUND_JOB")).count();
        await(() -> ours.eventsSeen() >= expected, "our events arrived");
        assertEquals(expected, ours.eventsSeen(), "none of the foreign channel's events reached us");
        assertTrue(all.stream().filter(e -> theirs.equals(e.uniqueId())).count() >= 2, "the foreign call had events");
    }

    private static boolean seen(List<EslEvent> events, String uuid, String name) {
        return events.stream().anyMatch(e -> uuid.equals(e.uniqueId()) && e.name().equals(name));
    }

    private static OriginateRequest request(String uuid, String gateway) {
        return new OriginateRequest(uuid, gateway, "13800138000", "057188880000", 30, "acme", "T", "L1");
    }
}
