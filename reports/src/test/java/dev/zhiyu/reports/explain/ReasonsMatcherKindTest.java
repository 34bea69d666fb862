package dev.zhiyu.reports.explain;

import dev.zhiyu.models.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reasons matcher as a model kind: calibration raises the threshold when the matcher's confident choices are
 * rejected, the candidate's files load back to the learnt setting, and the promotion rule refuses a worse version.
 */
class ReasonsMatcherKindTest {
    /** Scores a candidate by the number written at its start ("0.7 …"), so the test decides every score. */
    private static final ExplanationMatcher SCORED = new ExplanationMatcher() {
        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            return candidates.stream().mapToDouble(c -> Double.parseDouble(c.split(" ")[0])).toArray();
        }

        @Override
        public String name() {
            return "scored";
        }
    };

    /** One anomaly: its best candidate scores {@code top} and is (or is not) the explaining one. */
    private static List<MatchPair> group(int n, double top, boolean right) {
        return List.of(new MatchPair("d" + n, "s" + n, top + " 甲", right), new MatchPair("d" + n, "s" + n, "0.1 乙", false));
    }

    private static List<MatchPair> judged(double... tops) {
        List<MatchPair> out = new ArrayList<>();
        for (int i = 0; i < tops.length; i++) out.addAll(group(i, tops[i], tops[i] > 0.8));
        return out;
    }

    @Test
    void calibrationLearnsTheThresholdAndItsFilesLoadBack(@TempDir Path dir) throws Exception {
        List<MatchPair> train = judged(0.6, 0.65, 0.7, 0.9, 0.95, 0.85), held = judged(0.62, 0.92);
        var snap = new JudgmentSnapshot("snap-1", List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of(7L, 8L), 0);
        Candidate c = new MatcherCalibration(SCORED, new DevPairs(null, e -> { }))
                .train(snap, train, held, MatcherSetting.DEFAULT);
        double t = c.metrics().get("threshold");
        assertTrue(t > 0.7 && t < 0.85, "shown only above the rejected scores: " + t);
        assertEquals(1.0, c.metrics().get("heldOut.decisionAccuracy"));
        assertEquals(0.5, c.metrics().get("baseline.heldOut.decisionAccuracy"));
        assertFalse(c.metrics().containsKey("dev.f1"), "no dev set configured");
        assertEquals(ReasonsMatcherKind.PURPOSE, c.purpose());

        c.files().writeTo(dir);
        assertEquals(new MatcherSetting(t, 1.0), ReasonsMatcherKind.INSTANCE.load(dir));
        assertTrue(Files.readString(dir.resolve("judgments.txt")).contains("--\n7\n8\n"));
        assertTrue(ReasonsMatcherKind.INSTANCE.manualRule().check(c.metrics()).promote());
    }

    @Test
    void tooFewJudgmentsAreRefused() {
        var snap = new JudgmentSnapshot("s", List.of(1L, 2L, 3L), List.of(4L), 2);
        var e = assertThrows(MatcherCalibration.TooFewJudgments.class, () -> new MatcherCalibration(SCORED,
                new DevPairs(null, x -> { })).train(snap, judged(0.9), judged(0.9), MatcherSetting.DEFAULT));
        assertTrue(e.getMessage().contains("目前只有 4 条") && e.getMessage().contains("另有 2 条"), e.getMessage());
    }

    @Test
    void aWorseVersionIsRefusedAtPromotion() {
        var rule = ReasonsMatcherKind.INSTANCE.manualRule();
        var worseHeldOut = rule.check(Map.of("heldOut.decisionAccuracy", 0.5, "baseline.heldOut.decisionAccuracy", 0.75));
        assertFalse(worseHeldOut.promote());
        assertTrue(worseHeldOut.reason().contains("决定正确率"), worseHeldOut.reason());
        assertFalse(rule.check(Map.of("heldOut.f1", 0.4, "baseline.heldOut.f1", 0.5)).promote());
        assertFalse(rule.check(Map.of("dev.f1", 0.3, "baseline.dev.f1", 0.4)).promote(), "dev F1 down by more than 0.05");
        assertTrue(rule.check(Map.of("dev.f1", 0.37, "baseline.dev.f1", 0.4)).promote(), "within the dev tolerance");
    }
}
