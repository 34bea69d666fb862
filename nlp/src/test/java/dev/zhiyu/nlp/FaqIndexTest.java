package dev.zhiyu.nlp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class FaqIndexTest {
    static final List<FaqPair> FAQ = List.of(
            new FaqPair("fee", "股票交易佣金是多少", "A股佣金为万分之二点五，最低5元。"),
            new FaqPair("hours", "你们营业部几点上班", "营业部工作日9:00-17:00营业。"),
            new FaqPair("margin", "融资融券开通需要什么条件", "两融需资产满50万元且交易满半年。"),
            new FaqPair("star", "科创板怎么开通", "科创板需20个交易日日均资产50万元及24个月交易经验。"),
            new FaqPair("video", "视频见证一直失败怎么办", "请在光线充足处重试，并确认网络良好。"),
            new FaqPair("transfer", "银证转账什么时候可以转", "交易日9:00-16:00可以银证转账。"),
            new FaqPair("password", "交易密码忘了怎么办", "可在APP上通过人脸识别重置交易密码。"),
            new FaqPair("close", "怎么销户", "销户需本人携带身份证到营业部办理。"),
            new FaqPair("ipo", "新股申购有什么要求", "申购新股需持有对应市场市值1万元以上。"),
            new FaqPair("hk", "港股通开通条件", "港股通需证券账户资产50万元并通过测试。"));

    static SentenceEncoder encoder;
    @TempDir static Path root;
    static FaqIndex index;

    @BeforeAll
    static void build() throws IOException {
        encoder = SentenceEncoder.bgeSmallZh();
        index = FaqIndex.open(root.resolve("tenant-a"), encoder);
        index.rebuild(FAQ);
    }

    @AfterAll
    static void close() { index.close(); }

    @Test
    void paraphrasesFindTheRightAnswer() throws IOException {
        for (String[] c : new String[][]{{"佣金怎么收的", "fee"}, {"我想开科创板 要啥条件", "star"}, {"密码忘记了咋整", "password"},
                {"两融开户门槛", "margin"}, {"我要注销账户", "close"}, {"視頻見證老是不成功", "video"}}) {
            FaqResult r = index.search(c[0], 3);
            assertEquals(c[1], r.hits().get(0).id(), () -> c[0] + " → " + r);
            assertTrue(r.answered(), () -> c[0] + " should be answered: " + r);
            assertTrue(r.hits().get(0).score() >= r.hits().get(1).score());
        }
    }

    @Test
    void unrelatedQuestionsGetNoAnswer() throws IOException {
        for (String q : List.of("今天天气怎么样", "你喜欢吃火锅吗", "帮我订一张去上海的机票")) {
            FaqResult r = index.search(q, 3);
            assertFalse(r.answered(), () -> q + " → " + r);
            assertEquals(FaqResult.NO_ANSWER, r.bestAnswer());
        }
    }

    @Test
    void badQueries() throws IOException {
        assertFalse(index.search("", 3).answered());
        assertTrue(index.search("  ，。 ", 3).hits().isEmpty());
        assertNotNull(index.search("AND OR ( * ? \"佣金\" ~ NOT", 3));
        assertNotNull(index.search("佣金".repeat(50_000), 3));
        assertNotNull(index.search("😀\u0000佣金", 3));
        assertThrows(IllegalArgumentException.class, () -> index.rebuild(List.of(FAQ.get(0), FAQ.get(0))));
        assertThrows(IllegalArgumentException.class, () -> new FaqPair("x", " ", "y"));
    }

    @Test
    void reopenKeepsTheCommittedGeneration() throws IOException {
        Path dir = root.resolve("tenant-b");
        long gen;
        try (FaqIndex a = FaqIndex.open(dir, encoder)) {
            assertEquals(0, a.size());
            assertFalse(a.search("佣金", 3).answered(), "empty index answers nothing");
            a.rebuild(FAQ.subList(0, 4));
            gen = a.generation();
        }
        try (FaqIndex b = FaqIndex.open(dir, encoder)) {
            assertEquals(4, b.size());
            assertEquals(gen, b.generation());
            assertEquals("fee", b.search("佣金多少", 1).hits().get(0).id());
        }
    }

    @Test
    void closedIndexSaysSo() throws IOException {
        FaqIndex idx = FaqIndex.open(root.resolve("tenant-d"), encoder);
        idx.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> idx.search("佣金", 1));
        assertTrue(e.getMessage().contains("已关闭"));
    }

    /** Readers run while the index flips between two contents; every result must come wholly from one of them. */
    @Test
    void rebuildIsAtomicForConcurrentReaders() throws Exception {
        List<FaqPair> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 30; i++) a.add(new FaqPair("a" + i, "账户问题第" + i + "条", "A"));
        for (int i = 0; i < 45; i++) b.add(new FaqPair("b" + i, "账户问题第" + i + "项", "B"));
        try (FaqIndex idx = FaqIndex.open(root.resolve("tenant-c"), encoder)) {
            idx.rebuild(a);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) readers.add(pool.submit(() -> {
                int checks = 0;
                while (!stop.get()) {
                    FaqResult res = idx.search("账户问题", 40);
                    Set<String> answers = res.hits().stream().map(FaqHit::answer).collect(Collectors.toSet());
                    assertEquals(1, answers.size(), "mixed generations: " + answers);
                    int expected = answers.contains("A") ? 30 : 45;
                    assertEquals(Math.min(40, expected), res.hits().size(), "hits of one generation");
                    checks++;
                }
                return checks;
            }));
            for (int i = 0; i < 6; i++) idx.rebuild(i % 2 == 0 ? b : a);
            stop.set(true);
            int total = 0;
            for (Future<Integer> f : readers) total += f.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            assertTrue(total > 3, "readers ran " + total + " searches");
            assertEquals(30, idx.size());
            assertEquals(8, idx.generation(), "open created generation 1, then 7 rebuilds");
        }
    }
}
