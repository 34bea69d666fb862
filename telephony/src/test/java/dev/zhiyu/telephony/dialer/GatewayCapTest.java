package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two tenants' dialers on one node share each gateway's concurrency and calls-per-second caps. */
class GatewayCapTest extends SimulatedNodeTest {

    @Test
    void gatewayCapsHoldAcrossTenants() throws Exception {
        Map<String, Callee> callees = new HashMap<>();
        sim = new FsSimulator(FsSimulator.Config.defaults(), callees::get);
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", sim.start(), "ClueCon"), clock, m -> { }).start();
        GatewayLimits limits = new GatewayLimits(3, 2);
        List<InMemoryDialerStore> stores = new ArrayList<>();
        List<Dialer> dialers = new ArrayList<>();
        for (String tenant : List.of("acme", "beta")) {
            List<Lead> leads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String n = (tenant.equals("acme") ? "1350000" : "1350001") + String.format("%04d", i);
                callees.put(n, i % 3 == 0 ? Callee.of(Callee.Kind.BUSY).ringing(5_000)
                        : Callee.answers(new Callee.Utterance.HangUp()).ringing(5_000));
                leads.add(new Lead(tenant + i, "list1", i + 2, "+86" + n, n, Map.of()));
            }
            InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
            store.putList("list1", leads);
            store.saveTask(new TaskSpec("T", tenant, "list1", "account_opening", List.of("057188880000"),
                    List.of("gw1", "gw2"), 20, 50, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1,
                    TaskSpec.defaultRetryDelays(), 3, 30));
            Dialer d = new Dialer(store, control, new ScriptedDialogEngine(),
                    new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), "/rec", "queue:", "test"),
                    clock, m -> { }, r -> { });
            d.gatewayLimits(limits);
            d.start("T");
            stores.add(store);
            dialers.add(d);
        }
        int peakTotal = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stores.stream().anyMatch(s -> s.status("T") != TaskStatus.COMPLETED)) {
            assertTrue(System.nanoTime() < deadline, "tasks did not finish");
            dialers.forEach(d -> d.tick("T"));
            peakTotal = Math.max(peakTotal, dialers.get(0).active() + dialers.get(1).active());
            Thread.sleep(5);
            clock.advance(Duration.ofMillis(100));
        }
        for (String gw : List.of("gw1", "gw2")) {
            assertTrue(sim.peakChannels(gw) <= 3, gw + " peak " + sim.peakChannels(gw) + " > 3 across both tenants");
            assertTrue(sim.peakChannels(gw) >= 2, gw + " was used: " + sim.peakChannels(gw));
        }
        assertTrue(peakTotal > 3, "both gateways carried calls at once: " + peakTotal);
        List<CallRecord> all = stores.stream().flatMap(s -> s.records("T").stream()).toList();
        assertEquals(80, all.size());
        Map<String, Long> perGatewaySecond = all.stream().collect(Collectors.groupingBy(
                r -> r.gateway() + "@" + r.originatedAt().getEpochSecond(), Collectors.counting()));
        long worst = perGatewaySecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(worst <= 2, "at most 2 originates per gateway per second, saw " + worst + " " + perGatewaySecond);
        assertEquals(2, worst, "the calls-per-second cap was reached, so it was what held the rate");
        assertEquals(0, limits.active("gw1") + limits.active("gw2"), "every slot released");
        System.out.printf("gateway caps: 80 calls from 2 tenants, peak channels gw1=%d gw2=%d (cap 3), max originates per gateway-second %d (cap 2), peak both %d%n",
                sim.peakChannels("gw1"), sim.peakChannels("gw2"), worst, peakTotal);
    }
}
