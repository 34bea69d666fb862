package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class IntentDatasetTest {
    private static DataFormatException bad(String content) {
        return assertThrows(DataFormatException.class, () -> IntentDataset.read(new StringReader(content), "t.tsv"));
    }

    @Test
    void malformedLinesAreNamed() {
        assertEquals(3, bad("affirm\t对\n# c\ndeny 不是\n").line());
        assertTrue(bad("affirm\t对\ndeny 不是\n").getMessage().contains("t.tsv 第 2 行：缺少制表符"));
        assertTrue(bad("Affirm\t对\n").getMessage().contains("意图名"));
        assertTrue(bad("affirm\t   \n").getMessage().contains("文本为空"));
        assertTrue(bad("affirm\t对\tx\n").getMessage().contains("多余的制表符"));
        assertTrue(bad("affirm\t" + "好".repeat(2_001)).getMessage().contains("文本过长"));
        assertTrue(bad("# only comments\n\n").getMessage().contains("没有任何样本"));
    }

    @Test
    void invalidUtf8AndMissingFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("gbk.tsv");
        Files.write(f, new byte[]{'a', 'f', 'f', 'i', 'r', 'm', '\t', (byte) 0xC4, (byte) 0xE3, '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> IntentDataset.read(f));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> IntentDataset.read(dir.resolve("missing.tsv")));
        assertThrows(IllegalArgumentException.class, () -> IntentDataset.read("builtin:nope"));
    }

    @Test
    void bomAndCommentsAreAccepted() throws IOException {
        List<LabeledText> d = IntentDataset.read(new StringReader("\uFEFFaffirm\t对\n\n# x\ndeny\t 不是 \n"), "t.tsv");
        assertEquals(List.of(new LabeledText("affirm", "对", 1), new LabeledText("deny", "不是", 4)), d);
    }

    @Test
    void shippedGenericDataHasTwentyIntentsWithEnoughExamplesAndNoLeak() throws IOException {
        List<LabeledText> train = IntentDataset.read("builtin:generic"), held = IntentDataset.read("builtin:generic-heldout");
        Map<String, Integer> counts = new TreeMap<>();
        for (LabeledText t : train) counts.merge(t.label(), 1, Integer::sum);
        for (LabeledText t : held) counts.merge(t.label(), 1, Integer::sum);
        assertEquals(List.of("abuse", "affirm", "already_done", "ask_identity", "ask_is_robot", "ask_number_source", "ask_purpose",
                "ask_repeat", "busy", "can_you_hear", "complain_harassment", "deny", "goodbye", "hold_on", "hurry",
                "not_interested", "other", "request_human", "suspect_fraud", "wrong_person"), List.copyOf(counts.keySet()));
        counts.forEach((k, v) -> assertTrue(v >= 40, k + " has " + v));
        var trainTexts = new java.util.HashSet<String>();
        train.forEach(t -> trainTexts.add(IntentFeatures.clean(t.text())));
        long leaked = held.stream().filter(t -> trainTexts.contains(IntentFeatures.clean(t.text()))).count();
        assertTrue(leaked <= held.size() / 20, "held-out utterances also in training: " + leaked);
    }
}
