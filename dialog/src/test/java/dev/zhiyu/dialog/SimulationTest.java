package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A small simulation as a regression guard; the full evaluation is SimulationHarness (see dialog/README.md). */
class SimulationTest {

    @Test
    void mostSimulatedDialogsSucceedAtFifteenPercentCer() {
        DialogSimulation.Report r = DialogSimulation.run(Conversations.generic(), Conversations.CLOCK,
                new DialogSimulation.Options(150, 0.15, 3, false, 11));
        assertEquals(150, r.dialogs());
        assertTrue(r.taskSuccess() >= 0.85, r.format());
        assertTrue(r.averageTurns() > 1 && r.averageTurns() < 10, r.format());
    }

    @Test
    void noiseGetsWorseWithTheErrorRate() {
        AsrNoise noise = new AsrNoise("验证码收不到短信银行卡视频身份证");
        String text = "验证码一直收不到短信";
        java.util.Random random = new java.util.Random(1);
        double low = 0;
        double high = 0;
        for (int i = 0; i < 200; i++) {
            low += AsrNoise.editDistance(text, noise.corrupt(text, 0.05, random));
            high += AsrNoise.editDistance(text, noise.corrupt(text, 0.4, random));
        }
        assertTrue(high > 3 * low, low + " vs " + high);
        assertEquals(text, noise.corrupt(text, 0, random));
    }
}
