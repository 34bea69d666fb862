package dev.zhiyu.nlp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CrfSlotRecognizerTest {
    @TempDir static Path dir;
    static CrfSlotRecognizer crf;

    @BeforeAll
    static void train() throws IOException {
        crf = CrfSlotRecognizer.train(AnnotatedSentence.readResource("ner/slots-train.txt"), dir.resolve("model"));
    }

    @Test
    void heldOutSpanF1IncludingUnseenNames() {
        List<AnnotatedSentence> held = AnnotatedSentence.readResource("ner/slots-heldout.txt");
        SpanScores s = crf.evaluate(held);
        assertTrue(s.gold() > 60, "enough held-out spans: " + s.gold());
        assertTrue(s.f1() > 0.7, s.format());
        assertEquals(List.of("bank", "branch", "product"), List.copyOf(s.perType().keySet()), s.format());
    }

    @Test
    void recognisesAnUnseenBranchAndProductWithOffsets() {
        String text = "我在郑州黄河路营业部买的聚财宝";
        List<Entity> found = crf.recognize(text);
        for (Entity e : found) assertEquals(e.text(), text.substring(e.start(), e.end()));
        assertTrue(found.stream().anyMatch(e -> e.type().equals("branch") && e.text().endsWith("营业部")), found.toString());
    }

    @Test
    void reloadsFromItsDirectory() throws IOException {
        CrfSlotRecognizer again = CrfSlotRecognizer.load(dir.resolve("model"));
        String text = "我的三方存管绑的是招商银行";
        assertEquals(crf.recognize(text), again.recognize(text));
        assertTrue(again.recognize(text).stream().anyMatch(e -> e.type().equals("bank") && e.text().equals("招商银行")));
    }

    @Test
    void builtinIsCurrentAndPlugsIntoTheAnalyzer(@TempDir Path cache) throws IOException {
        String shipped;
        try (var in = CrfSlotRecognizer.class.getResourceAsStream("ner/model/crf-slots.data.sha256")) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertEquals(CrfSlotRecognizer.dataSha256(AnnotatedSentence.readResource("ner/slots-train.txt")), shipped,
                "shipped CRF model is stale: retrain with NlpTasks build-crf (nlp/README.md)");
        String old = System.getProperty("zhiyu.model.cache");
        System.setProperty("zhiyu.model.cache", cache.toString());
        try {
            CrfSlotRecognizer b = CrfSlotRecognizer.builtin();
            assertEquals(java.util.Set.of("bank", "branch", "product"), b.types());
            assertSame(b, CrfSlotRecognizer.builtin());
            Analysis a = Analyzer.withBuiltinModels(TenantDictionary.withFinanceTerms()).analyze("我想把三方存管换成建设银行的卡", 2);
            assertTrue(a.entities().stream().anyMatch(e -> e.type().equals("bank") && e.text().equals("建设银行") && e.source().equals("crf")), a.format());
            assertEquals(2, a.intents().size());
        } finally {
            if (old == null) System.clearProperty("zhiyu.model.cache");
            else System.setProperty("zhiyu.model.cache", old);
        }
    }

    @Test
    void badInput() {
        assertTrue(crf.recognize("").isEmpty());
        assertNotNull(crf.recognize("😀\u0000我用招商銀行的卡"));
        assertNotNull(crf.recognize("我用招商银行的卡".repeat(2000)));
    }

    @Test
    void annotationErrorsNameTheLine() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> AnnotatedSentence.read(new StringReader("我用[招商银行|bank]\n我在[北京营业部 办\n"), "a.txt"));
        assertEquals(2, e.line());
        assertEquals(1, assertThrows(DataFormatException.class, () -> AnnotatedSentence.read(new StringReader("买了[金牛宝]"), "a.txt")).line());
        assertEquals(1, assertThrows(DataFormatException.class, () -> AnnotatedSentence.read(new StringReader("买了[金牛宝|Product]"), "a.txt")).line());
        assertEquals(1, assertThrows(DataFormatException.class, () -> AnnotatedSentence.read(new StringReader("买了金牛宝]"), "a.txt")).line());
        AnnotatedSentence s = AnnotatedSentence.parse("我用[招商银行|bank]买[金牛宝|product]", "a.txt", 1);
        assertEquals("我用招商银行买金牛宝", s.text());
        assertEquals(List.of(new AnnotatedSentence.Span(2, 6, "bank"), new AnnotatedSentence.Span(7, 10, "product")), s.spans());
    }
}
