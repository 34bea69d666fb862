package dev.zhiyu.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration as a stored property of a model: fitted on a separate set, saved beside the model, used when loaded. */
class IntentCalibrationTest {
    @TempDir Path dir;

    @Test
    void aCalibrationIsStoredWithTheModelAndItsTemperatureIsUsedWhenLoaded() throws IOException {
        IntentModel model = IntentModel.load("builtin:generic-maxent");
        List<LabeledText> data = IntentDataset.read(IntentDataset.REALSTYLE_CALIBRATION);
        IntentCalibration c = IntentEvaluator.calibrate(model, data, IntentDataset.REALSTYLE_CALIBRATION);
        assertEquals(data.size(), c.examples());
        assertTrue(c.confirm() <= c.act() && c.act() <= c.endCall(), c.format());
        model.save(dir);
        assertTrue(IntentModel.load(dir).calibration().isEmpty());
        IntentModel.saveCalibration(dir, c);

        IntentModel loaded = IntentModel.load(dir);
        assertEquals(c, loaded.calibration().orElseThrow());
        assertEquals(c.temperature(), loaded.temperature(), 1e-12);
        assertNotEquals(model.temperature(), loaded.temperature());
        assertEquals(c, new IntentCascade(IntentRules.builtinGeneric(), loaded).calibration().orElseThrow());
        String training = Files.readString(dir.resolve(IntentModel.META));
        assertTrue(training.contains("temperature=" + model.temperature()), "the training temperature is kept: " + training);
    }

    @Test
    void tooFewExamplesAreRefusedInChinese() throws IOException {
        IntentModel model = IntentModel.load("builtin:generic-maxent");
        List<LabeledText> few = IntentDataset.read(IntentDataset.REALSTYLE_CALIBRATION).subList(0, 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntentEvaluator.calibrate(model, few, "few"));
        assertTrue(e.getMessage().contains("只有 40 条") && e.getMessage().contains("至少需要 100 条"), e.getMessage());
    }

    @Test
    void examplesOfLabelsTheModelLacksDoNotCount() throws IOException {
        IntentModel model = IntentModel.load("builtin:generic-maxent");
        List<LabeledText> unknown = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> new LabeledText("no_such_intent", "第" + i + "句", i + 1)).toList();
        assertThrows(IllegalArgumentException.class, () -> IntentEvaluator.calibrate(model, unknown, "unknown"));
    }
}
