package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.bench.PacingSimulation;
import dev.zhiyu.telephony.dialer.PredictivePacer.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictivePacerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

    private static PredictivePacer warmed(double answerRate) {
        PredictivePacer p = new PredictivePacer(PredictivePacer.Settings.defaults());
        for (int i = 0; i < 300; i++) {
            p.attemptEnded(i % 100 < answerRate * 100);
        }
        return p;
    }

    @Test
    void warmUpDialsOneLinePerFreeAgent() {
        PredictivePacer p = new PredictivePacer(PredictivePacer.Settings.defaults());
        assertEquals(20, p.callsToPlace(new Snapshot(20, 0, 0), T0, 500));
        assertEquals(5, p.callsToPlace(new Snapshot(20, 0, 15), T0, 500));
    }

    @Test
    void overdialsWhenFewCallsAnswerButNotWithoutAgents() {
        PredictivePacer p = warmed(0.3);
        assertEquals(0.3, p.answerRate(), 0.02);
        int lines = p.callsToPlace(new Snapshot(20, 0, 0), T0, 500);
        assertTrue(lines > 20 && lines < 20 / 0.3, "more lines than free agents, fewer than free/answerRate: " + lines);
        assertEquals(40, p.callsToPlace(new Snapshot(20, 0, 0), T0, 40), "never above the line cap");
        assertEquals(0, p.callsToPlace(new Snapshot(0, 0, 0), T0, 500), "no agents at all: nothing to dial");
        int allBusy = p.callsToPlace(new Snapshot(0, 20, 0), T0, 500);
        assertTrue(allBusy < 5, "all agents busy: at most a few lines on agents about to free up: " + allBusy);
    }

    @Test
    void abandonsInTheWindowPushItBackToProgressive() {
        PredictivePacer p = warmed(0.3);
        int before = p.callsToPlace(new Snapshot(10, 10, 0), T0, 500);
        for (int i = 0; i < 100; i++) {
            p.answered(T0.plusSeconds(i), i % 25 == 0); // 4% abandoned
        }
        assertEquals(0.04, p.abandonRate(T0.plusSeconds(100)), 1e-9);
        int after = p.callsToPlace(new Snapshot(10, 10, 0), T0.plusSeconds(100), 500);
        assertTrue(after < before, before + " -> " + after);
        assertEquals(10, after, "over the cap: one line per free agent only");
        assertEquals(0, p.abandonRate(T0.plusSeconds(100).plus(Duration.ofMinutes(31))), "the window rolls");
    }

    @Test
    void virtualClockHoldsTheCapWithHigherOccupancyThanProgressive() {
        PacingSimulation.Model m = PacingSimulation.Model.issue5(Duration.ofHours(3));
        for (long seed = 1; seed <= 3; seed++) {
            PacingSimulation.Result prog = PacingSimulation.run(PacingSimulation.Mode.PROGRESSIVE, m, seed);
            PacingSimulation.Result pred = PacingSimulation.run(PacingSimulation.Mode.PREDICTIVE, m, seed);
            assertEquals(0, prog.abandoned(), "progressive never abandons");
            assertTrue(pred.maxRollingAbandon() <= 0.03, "rolling abandon " + pred);
            assertTrue(pred.abandoned() > 0, "it does take some risk " + pred);
            assertTrue(pred.occupancy() > prog.occupancy() + 0.05, prog + " vs " + pred);
        }
    }
}
