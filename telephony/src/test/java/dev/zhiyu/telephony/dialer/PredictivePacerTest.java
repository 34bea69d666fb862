package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.bench.PacingSimulation;
import dev.zhiyu.telephony.dialer.PredictivePacer.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictivePacerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

    private static PredictivePacer warmed(double answerRate) {
        PredictivePacer p = new PredictivePacer(PredictivePacer.Settings.defaults());
        feed(p, answerRate, 300);
        return p;
    }

    private static void feed(PredictivePacer p, double answerRate, int attempts) {
        for (int i = 0; i < attempts; i++) {
            p.attemptEnded(Math.floor((i + 1) * answerRate) > Math.floor(i * answerRate), Duration.ofSeconds(10)); // evenly spread
        }
    }

    /** A full window of answers with no abandons, so the window's ceiling leaves room. */
    private static void connected(PredictivePacer p, int calls) {
        for (int i = 0; i < calls; i++) {
            p.answered(T0.minus(Duration.ofMinutes(29)).plusSeconds(i * 1700L / calls), false);
        }
    }

    @Test
    void warmUpDialsOneLinePerFreeAgent() {
        PredictivePacer p = new PredictivePacer(PredictivePacer.Settings.defaults());
        assertEquals(20, p.callsToPlace(new Snapshot(20, 0, 0), T0, 500));
        assertEquals(5, p.callsToPlace(new Snapshot(20, 0, 15), T0, 500));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PredictivePacer.Settings(0, Duration.ofMinutes(30), 0.3,
                Duration.ofSeconds(120), Duration.ofSeconds(12)));
        assertThrows(IllegalArgumentException.class, () -> new PredictivePacer.Settings(0.03, Duration.ofMinutes(30), 1.5,
                Duration.ofSeconds(120), Duration.ofSeconds(12)));
    }

    @Test
    void overdialsWhenFewCallsAnswerButNotWithoutAgents() {
        PredictivePacer p = warmed(0.3);
        connected(p, 250);
        assertEquals(0.3, p.answerRate(), 0.03);
        int lines = p.callsToPlace(new Snapshot(20, 0, 0), T0, 500);
        assertTrue(lines > 20 && lines < 20 / 0.3, "more lines than free agents, fewer than free/answerRate: " + lines);
        assertEquals(40, p.callsToPlace(new Snapshot(20, 0, 0), T0, 40), "never above the line cap");
        assertEquals(0, p.callsToPlace(new Snapshot(0, 0, 0), T0, 500), "no agents at all: nothing to dial");
        assertEquals(0, p.callsToPlace(new Snapshot(0, 0, 7), T0, 500), "no agents, calls ringing: nothing more");
        int allBusy = p.callsToPlace(new Snapshot(0, 20, 0), T0, 500);
        assertTrue(allBusy < 5, "all agents busy: at most a few lines on agents about to free up: " + allBusy);
    }

    @Test
    void nearTheEndOfTheListFewerAnswersAreSureToComeSoItDialsProgressively() {
        PredictivePacer p = warmed(0.3);
        connected(p, 250);
        int plenty = p.callsToPlace(new Snapshot(20, 0, 0, 5_000), T0, 500);
        assertTrue(plenty > 20, "many leads left: over-dials " + plenty);
        // 10 leads left bring about 3 answers: as the window's answers age out, no abandon fits under the cap
        assertEquals(20, p.callsToPlace(new Snapshot(20, 0, 0, 10), T0, 500));
    }

    @Test
    void noWindowYetMeansNoOverdialling() {
        PredictivePacer p = warmed(0.3); // answer rate known, but no answered call seen: no abandon may be afforded
        assertEquals(10, p.callsToPlace(new Snapshot(10, 10, 0), T0, 500));
    }

    @Test
    void windowAtTheCapStopsOverdialling() {
        PredictivePacer p = warmed(0.3);
        connected(p, 250);
        int before = p.callsToPlace(new Snapshot(10, 10, 0), T0, 500);
        assertTrue(before > 10, "room in the window: over-dials " + before);
        for (int i = 0; i < 8; i++) {
            p.answered(T0.plusSeconds(i), true); // 8 / 258 = 3.1%
        }
        assertTrue(p.abandonRate(T0.plusSeconds(10)) > 0.03);
        assertEquals(10, p.callsToPlace(new Snapshot(10, 10, 0), T0.plusSeconds(10), 500), "at the cap: progressive");
        assertEquals(0, p.abandonRate(T0.plusSeconds(10).plus(Duration.ofMinutes(31))), "the window rolls");
    }

    @Test
    void answerRateJumpCutsTheLinesWithinAFewDozenAttempts() {
        PredictivePacer p = warmed(0.15);
        connected(p, 250);
        int low = p.callsToPlace(new Snapshot(20, 0, 0), T0, 500);
        feed(p, 0.5, 40);
        assertTrue(p.answerRate() > 0.3, "follows a rising answer rate fast: " + p.answerRate());
        int high = p.callsToPlace(new Snapshot(20, 0, 0), T0, 500);
        assertTrue(high < low * 0.7, low + " -> " + high);
    }

    @Test
    void abandonsLowerTheRiskTakenAndConnectsRaiseIt() {
        PredictivePacer calm = warmed(0.3);
        PredictivePacer hit = warmed(0.3);
        connected(calm, 250);
        connected(hit, 250);
        for (int i = 0; i < 2; i++) {
            hit.answered(T0.plusSeconds(i), true);
            calm.answered(T0.plusSeconds(i), false);
        }
        Snapshot s = new Snapshot(20, 30, 0);
        int calmLines = calm.callsToPlace(s, T0.plusSeconds(5), 500);
        int hitLines = hit.callsToPlace(s, T0.plusSeconds(5), 500);
        assertTrue(hitLines < calmLines, calmLines + " vs after abandons " + hitLines);
    }

    @Test
    void budgetCountsTheWindowsAheadWithOnlyProgressiveAnswersComingIn() {
        AbandonWindow w = new AbandonWindow(Duration.ofMinutes(30));
        long min = 60_000;
        for (int i = 0; i < 100; i++) {
            w.answered(i * 18_000L, i < 2); // 100 answers over 30 min, the first two abandoned
        }
        long now = 30 * min + 1;
        // no answers to come: the window is worst just as the last connected answers leave it
        assertEquals(0, w.budget(now, 0.03, 0, Double.POSITIVE_INFINITY), 1e-9, "each connected answer leaving lowers the room to 0");
        // 200 answers per 30 min surely (less two standard errors of a Poisson count) keep room at every window end
        double rate = 200.0 / (30 * min);
        // in the window now: answers 1..99 (the one at 0 has left), one abandon (at 18 s)
        double expected = 0.03 * 99 - 1;
        for (int k = 1; k < 100; k++) { // just after the answer at k × 18 s leaves, at τ = k × 18 s + 30 min
            long tau = k * 18_000L + 30 * min;
            expected = Math.min(expected, 0.03 * (99 - k + AbandonWindow.sureArrivals(rate * (tau - now))));
        }
        assertEquals(Math.max(0, expected) / 0.97, w.budget(now, 0.03, rate, Double.POSITIVE_INFINITY), 1e-9);
        assertEquals(2, Math.floor(w.budget(now, 0.03, rate, Double.POSITIVE_INFINITY)), "two abandons of room: now binds (99 × 3% − 1)");
        assertEquals(1, Math.floor(w.budget(now, 0.03, 60.0 / (30 * min), Double.POSITIVE_INFINITY)), "fewer answers to come: a later window binds");
        assertEquals(0, new AbandonWindow(Duration.ofMinutes(30)).budget(now, 0.03, rate, Double.POSITIVE_INFINITY), "no answer yet: no room");
        double endOfList = 0.03 * 99 - 1;
        for (int k = 1; k < 100; k++) {
            long tau = k * 18_000L + 30 * min;
            endOfList = Math.min(endOfList, 0.03 * (99 - k + AbandonWindow.sureArrivals(Math.min(rate * (tau - now), 6))));
        }
        assertEquals(Math.max(0, endOfList) / 0.97, w.budget(now, 0.03, rate, 6), 1e-9, "at most 6 answers left to come");
        assertEquals(0, Math.floor(w.budget(now, 0.03, rate, 6)), "the list runs dry: no room");
    }

    @Test
    void overflowTailMatchesAHandCount() {
        // 3 lines at p = 0.5, 1 free agent, no busy ones: overflow > 1 only if all 3 answer
        OverflowModel m = new OverflowModel(0.5, 1, 0, 0);
        assertEquals(0.125, m.overflowAbove(3, 1), 1e-12);
        assertEquals(0.5, m.overflowAbove(3, 0), 1e-12); // 2 or 3 answer
        assertEquals(0, m.overflowAbove(1, 0), 1e-12);
        // one busy agent freeing with probability 0.5 halves the chance of 3 answers overflowing by 2
        assertEquals(0.0625, new OverflowModel(0.5, 1, 1, 0.5).overflowAbove(3, 1), 1e-12);
        assertEquals(2, m.maxLines(0, 10, 1, 1, 0.1), "3 lines risk 12.5% > 10%");
        assertEquals(5, m.maxLines(5, 10, 1, 1, 0.1), "ringing lines are never withdrawn");
    }

    @Test
    void handleTimeIsLearntFromBusyAgentsAndConnects() {
        HandleEstimate h = new HandleEstimate(120_000, 1_800_000);
        assertEquals(120_000, h.meanMillis(), "the prior until enough connects");
        // 10 agents always busy, one connect every 6 s: Little's law gives a 60 s handle time
        for (long t = 0; t <= 3_600_000; t += 1000) {
            h.busy(t, 10);
            if (t % 6000 == 0) {
                h.connected(t);
            }
        }
        assertEquals(60_000, h.meanMillis(), 3000);
    }

    @Test
    void virtualClockKeepsEveryRollingWindowUnderTheCap() {
        PacingSimulation.Model base = PacingSimulation.Model.issue5(Duration.ofHours(3));
        for (PacingSimulation.Model m : new PacingSimulation.Model[]{base, base.withAnswerRate(0.15),
                base.withAnswerRate(0.5), base.withAgents(50), base.withAgents(5)}) {
            for (long seed = 1; seed <= 2; seed++) {
                PacingSimulation.Result prog = PacingSimulation.run(PacingSimulation.Mode.PROGRESSIVE, m, seed);
                PacingSimulation.Result pred = PacingSimulation.run(PacingSimulation.Mode.PREDICTIVE, m, seed);
                assertEquals(0, prog.abandoned(), "progressive never abandons");
                String what = m + " " + pred.format();
                // no tolerance: the cap is a bound on every full window, not on an average
                assertTrue(pred.maxRollingAbandon() <= m.cap(), "every 30-min window at or under the cap: " + what);
                assertTrue(pred.abandoned() > 0, "takes some of the risk the cap allows: " + what);
                if (m.agents() >= 20) {
                    assertTrue(pred.occupancy() > prog.occupancy() + 0.03, prog.format() + " vs " + what);
                } else { // 5 agents: a burst cannot be absorbed, so little over-dialling; never worse than progressive
                    assertTrue(pred.occupancy() > prog.occupancy() - 0.01, prog.format() + " vs " + what);
                }
            }
        }
    }
}
