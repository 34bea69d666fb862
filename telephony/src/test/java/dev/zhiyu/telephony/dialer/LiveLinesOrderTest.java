package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the live wall reads: each {@code talking} state carries the call's last lines in the order they were said, so
 * a caller's line comes before the bot reply it caused, and the lines agree with the call's stored transcript.
 */
class LiveLinesOrderTest {

    @Test
    void talkingStatesCarryTheLastLinesInTheOrderTheCallHadThem() throws Exception {
        List<CallState> states = new CopyOnWriteArrayList<>();
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("我不需要了")))) {
            int port = sim.start();
            try (CallControl control = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
                store.putList("l", List.of(new Lead("L0", "l", 0, "+8613500000000", "13500000000", Map.of())));
                store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 1, 10,
                        LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 3, 30));
                Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(),
                        new DialogBridge.Settings("test", "default", Duration.ofSeconds(20), Duration.ofMinutes(1), null, "queue:", "test"),
                        clock, a -> { }, r -> { });
                dialer.onState(states::add);
                dialer.start("T");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (store.status("T") != TaskStatus.COMPLETED) {
                    assertTrue(System.nanoTime() < deadline, "task did not finish: " + states);
                    dialer.tick("T");
                    Thread.sleep(10);
                }
                List<TranscriptLine> said = store.records("T").get(0).transcript().stream()
                        .map(l -> TranscriptLine.parse(l).orElseThrow())
                        .filter(l -> l.speaker() != TranscriptLine.Speaker.SYSTEM).toList();
                List<CallState> talking = states.stream().filter(s -> s.state().equals("talking")).toList();
                assertEquals(said, talking.stream().map(s -> s.recent().getLast()).toList(),
                        "each talking state ends with the line just said, in the transcript's order");
                for (int i = 0; i < talking.size(); i++) {
                    assertEquals(said.subList(Math.max(0, i + 1 - CallState.RECENT), i + 1), talking.get(i).recent(),
                            "state " + i + " holds the last lines as said");
                }
                CallState reply = talking.stream().filter(s -> s.recent().size() == 2
                        && s.recent().getLast().speaker() == TranscriptLine.Speaker.ROBOT).reduce((a, b) -> b).orElseThrow();
                assertEquals(TranscriptLine.caller("我不需要了"), reply.recent().getFirst(),
                        "the caller's line comes before the bot reply it caused: " + reply.recent());
                assertTrue(states.stream().filter(s -> !s.state().equals("talking")).allMatch(s -> s.recent().isEmpty()));
            }
        }
    }
}
