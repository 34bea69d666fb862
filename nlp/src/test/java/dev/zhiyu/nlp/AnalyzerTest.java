package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class AnalyzerTest {
    private static List<String> words(List<Token> tokens) { return tokens.stream().map(Token::word).toList(); }

    @Test
    void segmentsWithPosAndNames() {
        Analysis a = Analyzer.create(TenantDictionary.empty()).analyze("张伟在北京市海淀区的中信证券营业部办理业务");
        assertTrue(words(a.tokens()).contains("张伟"), a.tokens().toString());
        assertTrue(a.entities().stream().anyMatch(e -> e.type().equals(Entity.PERSON) && e.text().equals("张伟")), a.entities().toString());
        assertTrue(a.entities().stream().anyMatch(e -> e.type().equals(Entity.PLACE)), a.entities().toString());
        assertTrue(a.tokens().stream().allMatch(t -> !t.pos().isBlank()));
    }

    @Test
    void tenantDictionaryChangesSegmentationWithoutRestart() {
        TenantDictionary dict = TenantDictionary.empty();
        Analyzer analyzer = Analyzer.create(dict);
        String text = "我想开通科创板和两融顺便问下金牛宝理财";
        assertFalse(words(analyzer.analyze(text).tokens()).contains("科创板"), "core HanLP splits 科创板");
        long before = dict.version();
        dict.add("科创板", "term");
        dict.add("两融", "term");
        dict.add("金牛宝", "product");
        assertTrue(dict.version() > before);
        Analysis a = analyzer.analyze(text);
        assertTrue(words(a.tokens()).containsAll(List.of("科创板", "两融", "金牛宝")), a.tokens().toString());
        assertTrue(a.entities().stream().anyMatch(e -> e.type().equals("product") && e.text().equals("金牛宝")), a.entities().toString());
        dict.remove("金牛宝");
        assertFalse(words(analyzer.analyze(text).tokens()).contains("金牛宝"));
    }

    @Test
    void tenantsDoNotShareWords() {
        TenantDictionary a = TenantDictionary.empty(), b = TenantDictionary.empty();
        a.add("鑫享宝", "product");
        assertTrue(words(Segmenter.hanlp(a).segment("买鑫享宝")).contains("鑫享宝"));
        assertFalse(words(Segmenter.hanlp(b).segment("买鑫享宝")).contains("鑫享宝"));
    }

    @Test
    void shippedFinanceTerms() {
        List<String> w = words(Segmenter.hanlp(TenantDictionary.withFinanceTerms()).segment("三方存管和视频见证都做完了"));
        assertTrue(w.containsAll(List.of("三方存管", "视频见证")), w.toString());
    }

    @Test
    void dictionaryFileErrorsNameTheLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("dict.tsv");
        Files.writeString(f, "# comment\n科创板\tterm\n两融 term\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TenantDictionary.empty().load(f));
        assertTrue(e.getMessage().contains("第 3 行"), e.getMessage());
    }

    @Test
    void concurrentUpdatesAndReadsAreSafe() throws Exception {
        TenantDictionary dict = TenantDictionary.empty();
        Segmenter seg = Segmenter.hanlp(dict);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> { for (int i = 0; i < 200; i++) dict.add("产品" + i + "号", "product"); });
            List<Future<?>> readers = new java.util.ArrayList<>();
            for (int r = 0; r < 3; r++) readers.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) assertFalse(seg.segment("我要买产品7号和科创板").isEmpty());
            }));
            writer.get(60, TimeUnit.SECONDS);
            for (Future<?> f : readers) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(words(seg.segment("我要买产品7号")).contains("产品7号"));
    }

    @Test
    void badInput() {
        Analyzer analyzer = Analyzer.create(TenantDictionary.withFinanceTerms());
        Analysis empty = analyzer.analyze("");
        assertTrue(empty.tokens().isEmpty() && empty.entities().isEmpty() && empty.intents().isEmpty());
        assertTrue(analyzer.analyze("   \t ").tokens().isEmpty());
        assertThrows(NullPointerException.class, () -> analyzer.analyze(null));

        String huge = "我想开通科创板。".repeat(12_800);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(huge));
        assertTrue(tooLong.getMessage().contains("文本过长"), tooLong.getMessage());
        List<Token> all = Segmenter.hanlp(TenantDictionary.empty()).segment(huge);
        assertTrue(all.size() > 50_000, "long documents segment in chunks");
        assertEquals(huge.length(), all.get(all.size() - 1).end());

        for (String odd : List.of("😀😀😀", "\u0000\u0001\u0007明天\u001b", "我們明天下午三點見面", "Hello我用iPhone 15打call", "\uD800孤立代理", "ｈｅｌｌｏ，世界！")) {
            Analysis a = analyzer.analyze(odd);
            for (Token t : a.tokens()) assertEquals(t.word(), odd.substring(t.start(), t.end()), odd);
            for (Entity e : a.entities()) assertEquals(e.text(), odd.substring(e.start(), e.end()), odd);
        }
        assertTrue(words(analyzer.analyze("我們明天下午三點見面").tokens()).contains("我們"), "traditional text is segmented as its simplified form");
        assertTrue(analyzer.analyze("\u0000\u0001\u0007明天\u001b").entities().stream().anyMatch(e -> e.type().equals(Entity.DATE_TIME)));
        assertTrue(analyzer.analyze("😀😀😀").tokens().stream().noneMatch(t -> t.word().length() == 1 && Character.isSurrogate(t.word().charAt(0))),
                "emoji are never split into half surrogate pairs");
    }
}
