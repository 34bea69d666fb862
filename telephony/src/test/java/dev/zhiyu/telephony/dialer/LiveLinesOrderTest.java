package dev.zhiyu.telephony.dialer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallState;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.util.List;
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
        try (SimRig rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), n -> Callee.answers(Callee.says("我不需要了"))))) {
            SimRig.Scripted call = rig.scripted(new ScriptedDialogEngine(), Duration.ofSeconds(20), Duration.ofMinutes(1),
                    states::add);
            String task = call.task();
            Dialer dialer = call.dialer();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rig.store.status(task) != TaskStatus.COMPLETED) {
                assertTrue(System.nanoTime() < deadline, "task did not finish: " + states);
                dialer.tick(task);
                Thread.sleep(10);
            }
            List<TranscriptLine> said = rig.store.records(task).get(0).transcript().stream()
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
