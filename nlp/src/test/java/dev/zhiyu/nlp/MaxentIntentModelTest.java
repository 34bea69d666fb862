package dev.zhiyu.nlp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Trains a maxent model on the shipped training data and checks it on the untouched held-out fifth. */
class MaxentIntentModelTest {
    static IntentModel model;
    static List<LabeledText> heldout;

    @BeforeAll
    static void train() throws IOException {
        model = IntentTrainer.train(IntentDataset.read("builtin:generic"), IntentTrainer.Kind.MAXENT, IntentTrainer.Options.defaults());
        heldout = IntentDataset.read("builtin:generic-heldout");
    }

    @Test
    void heldOutQualityAndCalibration() {
        EvaluationReport r = IntentEvaluator.evaluate(model, "maxent", heldout, "heldout");
        assertEquals(20, r.perIntent().size());
        assertTrue(r.macroF1() > 0.7, r.format());
        assertTrue(model.temperature() != 1.0);
        assertTrue(r.ece() < r.eceUncalibrated(), "calibration must lower held-out ECE:\n" + r.format());
        assertTrue(Double.parseDouble(model.info().get("cvNllCalibrated")) < Double.parseDouble(model.info().get("cvNllUncalibrated")));
        String text = r.format();
        assertTrue(text.contains("宏平均 F1") && text.contains("ECE") && text.contains("混淆"), text);
    }

    @Test
    void nBestIsADistribution() {
        List<IntentScore> all = model.classify("我在开车呢 晚点再打", 100);
        assertEquals(20, all.size());
        assertEquals(1.0, all.stream().mapToDouble(IntentScore::probability).sum(), 1e-9);
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).probability() >= all.get(i).probability());
        assertEquals(3, model.classify("我在开车呢 晚点再打", 3).size());
        assertEquals("busy", all.get(0).intent());
    }

    @Test
    void saveAndLoadGiveIdenticalProbabilities(@TempDir Path dir) throws IOException {
        model.save(dir);
        IntentModel loaded = IntentModel.load(dir.toString());
        assertEquals(model.temperature(), loaded.temperature());
        assertEquals(model.info().get("dataSha256"), loaded.info().get("dataSha256"));
        for (LabeledText t : heldout.subList(0, 20)) assertArrayEquals(model.probabilities(t.text()), loaded.probabilities(t.text()), 1e-12);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> IntentModel.load(dir.resolve("nope")));
    }

    /** A tenant adds its own intent beside the generic ones, through the same TSV path the CLI uses. */
    @Test
    void tenantIntentsTrainBesideTheGenericOnes(@TempDir Path dir) throws IOException {
        Path tenant = dir.resolve("tenant.tsv");
        java.nio.file.Files.writeString(tenant, """
                ask_fee	佣金是多少
                ask_fee	你们手续费怎么收
                ask_fee	交易费用贵不贵
                ask_fee	佣金能不能再低点
                ask_fee	万几的佣金啊
                ask_fee	买卖股票收多少钱
                ask_fee	嗯 那个佣金费率多少
                ask_fee	手续费能便宜点吗
                """);
        IntentModel m = IntentTrainer.train(tenant + ",builtin:generic", IntentTrainer.Kind.MAXENT, dir.resolve("model"));
        assertEquals(21, m.labels().size());
        assertTrue(m.labels().contains("ask_fee"));
        assertEquals("ask_fee", IntentModel.load(dir.resolve("model")).classify("佣金费用是多少啊", 1).get(0).intent());
        DataFormatException bad = assertThrows(DataFormatException.class,
                () -> IntentTrainer.train(tenant + "," + write(dir, "ask_fee\t好\nask fee 错\n"), IntentTrainer.Kind.MAXENT, dir.resolve("x")));
        assertEquals(2, bad.line());
    }

    private static String write(Path dir, String content) throws IOException {
        Path f = dir.resolve("bad.tsv");
        java.nio.file.Files.writeString(f, content);
        return f.toString();
    }

    @Test
    void badInput() {
        assertTrue(model.classify("", 3).isEmpty());
        assertTrue(model.classify(" ，。!\u0007 ", 3).isEmpty(), "nothing but spaces/punctuation/control characters");
        assertEquals(3, model.classify("😀😀", 3).size());
        assertEquals(3, model.classify("好".repeat(100_000), 3).size());
        assertEquals(3, model.classify("我們現在在開會", 3).size());
        assertEquals("ask_is_robot", model.classify("你是不是AI robot啊", 1).get(0).intent());
        assertThrows(IllegalArgumentException.class, () -> model.classify(null, 3));
    }
}
