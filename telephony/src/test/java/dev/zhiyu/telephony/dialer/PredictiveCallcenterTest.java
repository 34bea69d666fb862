package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.Fixtures;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Predictive pacing end to end: mod_callcenter agent states from the simulator drive the pacer. */
class PredictiveCallcenterTest extends SimulatedNodeTest {

    @Test
    void capturedAgentStateEventsMoveAgentsBetweenFreeAndBusy() throws Exception {
        CallcenterAgents agents = new CallcenterAgents("sales@default", Clock.systemUTC(), Duration.ofSeconds(5));
        assertTrue(agents.load("name|instance_id|uuid|type|contact|status|state|max_no_answer\n"
                + "agent1001|single_box||callback|user/1001|Available|Waiting|3\n"
                + "agent1002|single_box||callback|user/1002|On Break|Waiting|3\n+OK\n"));
        assertEquals(1, agents.free());
        byte[] bytes = Fixtures.read("events/plain/CUSTOM__callcenter_info__agent-state-change.frame");
        agents.accept(EventParser.parse(new FrameDecoder().feed(bytes).get(0)));
        assertEquals(0, agents.free(), "captured agent-state-change: agent1001 is Receiving");
        assertEquals(1, agents.busy());
    }

    @Test
    void predictiveTaskTransfersToFreeAgentsAndKeepsAbandonUnderCap() throws Exception {
        Map<String, Callee> callees = new HashMap<>();
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String n = String.format("1370000%04d", i);
            callees.put(n, switch (i % 10) {
                case 0, 3, 6 -> Callee.answers(new Callee.Utterance.Silence());
                case 1, 5 -> Callee.of(Callee.Kind.BUSY);
                default -> Callee.of(Callee.Kind.NO_ANSWER);
            });
            leads.add(new Lead("L" + i, "list1", i + 2, "+86" + n, n, Map.of()));
        }
        sim = new FsSimulator(FsSimulator.Config.defaults(), callees::get).agents("sales@default", 6, 60_000);
        int port = sim.start();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        List<String> alerts = new CopyOnWriteArrayList<>();
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", port, "ClueCon"), clock, alerts::add).start();
        CallcenterAgents agents = new CallcenterAgents("sales@default", Clock.systemUTC(), Duration.ofSeconds(5));
        control.onCustom(agents::accept);
        assertTrue(agents.load(control.api(agents.listCommand()).get(5, TimeUnit.SECONDS)));
        assertEquals(6, agents.members());

        InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
        store.putList("list1", leads);
        TaskSpec task = new TaskSpec("P1", "acme", "list1", "account_opening", List.of("057188880000"),
                List.of("gw1"), 40, 50, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2,
                Map.of(Disposition.ABANDONED, Duration.ofMinutes(1)), 3, 30);
        store.saveTask(task);
        Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), "/rec", "queue:", "test"),
                clock, alerts::add, r -> { });
        PredictivePacer pacer = new PredictivePacer(PredictivePacer.Settings.defaults());
        dialer.pace("P1", pacer, agents, "queue:sales@default");
        dialer.start("P1");

        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (store.status("P1") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "task did not finish; records=" + store.records("P1").size());
            dialer.tick("P1");
            Thread.sleep(5);
            clock.advance(Duration.ofMillis(500));
        }
        List<CallRecord> records = store.records("P1");
        long answered = records.stream().filter(r -> r.answeredAt() != null).count();
        long transferred = records.stream().filter(r -> r.disposition() == Disposition.TRANSFERRED).count();
        long abandoned = records.stream().filter(r -> r.disposition() == Disposition.ABANDONED).count();
        assertEquals(answered, transferred + abandoned, "every answered call is transferred or abandoned");
        assertTrue(transferred >= 60, "transferred " + transferred);
        assertEquals(transferred, sim.agentCalls("sales@default"), "every transfer reached an agent");
        assertEquals(0, sim.membersWaited("sales@default"), "transfers only go to agents that were free");
        assertTrue(sim.peakAgentsBusy("sales@default") <= 6);
        // lines = calls with an agent (at most 6) + calls still ringing: more than 6 means it dialled ahead of free agents
        assertTrue(dialer.peakConcurrent() > 6, "predictive dialled ahead of the agents: peak lines " + dialer.peakConcurrent());
        double rate = (double) abandoned / answered;
        assertTrue(rate <= 0.03, "abandon rate " + rate + " (" + abandoned + "/" + answered + ")");
        for (int i = 0; i < 240; i++) {
            String id = "L" + i;
            assertTrue(store.progress("P1", id).done(), id + " not done");
        }
        System.out.printf("predictive on simulator: %d records, %d answered, %d transferred, %d abandoned (%.1f%%), peak agents busy %d/6, peak lines %d%n",
                records.size(), answered, transferred, abandoned, 100.0 * rate, sim.peakAgentsBusy("sales@default"),
                dialer.peakConcurrent());
    }

    @Test
    void answeredCallsThatFindNoFreeAgentAreAbandonedThenRetried() throws Exception {
        Map<String, Callee> callees = new HashMap<>();
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String n = String.format("1360000%04d", i);
            callees.put(n, Callee.answers(new Callee.Utterance.Silence()).ringing(100_000)); // 1 s real
            leads.add(new Lead("L" + i, "list1", i + 2, "+86" + n, n, Map.of()));
        }
        sim = new FsSimulator(FsSimulator.Config.defaults(), callees::get).agents("care@default", 4, 10_000);
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        control = new CallControl(new CallControl.Node("fs1", "127.0.0.1", sim.start(), "ClueCon"), clock, m -> { }).start();
        CallcenterAgents agents = new CallcenterAgents("care@default", Clock.systemUTC(), Duration.ofSeconds(5));
        control.onCustom(agents::accept);
        agents.load(control.api(agents.listCommand()).get(5, TimeUnit.SECONDS));
        InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
        store.putList("list1", leads);
        store.saveTask(new TaskSpec("P2", "acme", "list1", "account_opening", List.of("057188880000"), List.of("gw1"),
                10, 10, LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 2,
                Map.of(Disposition.ABANDONED, Duration.ofMinutes(1)), 3, 30));
        Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(),
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), "/rec", "queue:", "test"),
                clock, m -> { }, r -> { });
        dialer.pace("P2", new PredictivePacer(PredictivePacer.Settings.defaults()), agents, "queue:care@default");
        dialer.start("P2");
        assertEquals(4, dialer.tick("P2"), "one line per free agent while warming up");
        sim.agentStatus("care@default", "On Break"); // agent-status-change events while the callees ring
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.records("P2").size() < 4) {
            assertTrue(System.nanoTime() < deadline, "calls did not end");
            Thread.sleep(10);
        }
        assertTrue(store.records("P2").stream().allMatch(r -> r.disposition() == Disposition.ABANDONED
                && r.answeredAt() != null), "answered with every agent on break → ABANDONED: " + store.records("P2"));
        assertEquals(0, sim.agentCalls("care@default"));
        sim.agentStatus("care@default", "Available");
        while (agents.free() < 4) {
            assertTrue(System.nanoTime() < deadline, "agents not back");
            Thread.sleep(10);
        }
        clock.advance(Duration.ofMinutes(2));
        while (store.status("P2") != TaskStatus.COMPLETED) {
            assertTrue(System.nanoTime() < deadline, "retries did not finish: " + store.records("P2"));
            dialer.tick("P2");
            Thread.sleep(10);
        }
        assertEquals(List.of(Disposition.TRANSFERRED, Disposition.TRANSFERRED, Disposition.TRANSFERRED, Disposition.TRANSFERRED),
                store.records("P2").stream().filter(r -> r.attempt() == 2).map(CallRecord::disposition).toList());
        assertEquals(4, sim.agentCalls("care@default"));
        assertEquals("queue:care@default", store.records("P2").get(7).transferredTo());
    }
}
