package dev.zhiyu.server.cli;

import dev.zhiyu.server.TestStores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `reports ingest/show/news/eval` through the real command line. */
class ReportsCommandTest {
    private static CliRun run(Path config, String... args) {
        return CliRun.run(config, "", args);
    }

    @Test
    void ingestShowNewsAndEval() throws Exception {
        Path data = Path.of("../../shared/data/reports");
        if (!Files.isDirectory(data)) throw new AssertionError("缺少共享测试数据 " + data.toAbsolutePath());
        Path bank;
        try (var s = Files.list(data.resolve("pdfs"))) {
            bank = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst().orElseThrow();
        }
        try (TestStores stores = TestStores.h2()) {
            Path dir = ((TestStores.H2) stores).dir();
            Path config = dir.resolve("zhiyu.properties");
            Files.writeString(config, "zhiyu.data.dir=" + dir + "\nzhiyu.demo=false\n");
            assertEquals(0, run(config, "tenant", "create", "research", "--name", "研究所").exit());
            CliRun ingest = run(config, "reports", "ingest", "--tenant", "research", bank.toString());
            assertEquals(0, ingest.exit(), ingest.out());
            assertTrue(ingest.out().contains("DONE"), ingest.out());
            CliRun show = run(config, "reports", "show", "--tenant", "research", "1");
            assertTrue(show.out().contains("营业收入") && show.out().contains("第3页"), show.out());
            assertTrue(show.out().contains("章节（") && show.out().contains(" 段正文）"), show.out());
            CliRun news = run(config, "reports", "news", "--tenant", "research", "1");
            assertTrue(news.out().startsWith("[PUBLISHED] 民生银行(600016) 2023年一季报"), news.out());
            assertEquals(2, run(config, "reports", "show", "--tenant", "research", "99").exit());
            Path csv = dir.resolve("industries.csv");
            Files.writeString(csv, "code,industry\n600016,银行\n601398,银行\n");
            CliRun industries = run(config, "reports", "industries", "--tenant", "research", csv.toString());
            assertEquals(0, industries.exit(), industries.out());
            assertTrue(industries.out().contains("1 个行业，2 个代码") && industries.out().contains("银行\t600016,601398"), industries.out());
            Files.writeString(csv, "600016,银行\n6000,银行\n");
            assertEquals(2, run(config, "reports", "industries", "--tenant", "research", csv.toString()).exit(), "格式错误");
            CliRun eval = run(config, "reports", "eval", "--pdfs", data.resolve("pdfs").toString(), "--truth", data.resolve("key_indicators.json").toString());
            assertEquals(0, eval.exit(), eval.out());
            assertTrue(eval.out().contains("合计 36/36"), eval.out());
        }
    }

    /** The audit judges published claims against the truth file: a truth value the news contradicts is a wrong claim. */
    @Test
    void auditCountsPublishedClaimsThatContradictTheTruth(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path data = Path.of("../../shared/data/reports");
        var truth = (com.fasterxml.jackson.databind.node.ArrayNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(data.resolve("key_indicators.json").toFile());
        var bank = (com.fasterxml.jackson.databind.node.ObjectNode) java.util.stream.StreamSupport.stream(truth.spliterator(), false)
                .filter(d -> d.get("file").asText().startsWith("民生银行")).findFirst().orElseThrow();
        Path pdfs = Files.createDirectories(dir.resolve("pdfs"));
        Files.createSymbolicLink(pdfs.resolve(bank.get("file").asText()), data.resolve("pdfs").resolve(bank.get("file").asText()).toAbsolutePath());
        Path config = dir.resolve("zhiyu.properties");
        Files.writeString(config, "zhiyu.data.dir=" + dir + "\nzhiyu.demo=false\n");
        Path right = dir.resolve("right.json");
        Files.writeString(right, "[" + bank + "]");
        CliRun ok = run(config, "reports", "audit", pdfs.toString(), "--truth", right.toString(), "--keywords");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("关键指标完全一致 12/12") && ok.out().contains("已发布快讯中的错误引用 0（目标 0）"), ok.out());
        assertTrue(ok.out().contains("解释准确率 n/a"), ok.out());
        // a truth whose revenue differs from what the news states: the published claim is wrong against it
        var revenue = (com.fasterxml.jackson.databind.node.ObjectNode) bank.get("indicators").get("营业收入").get("columns");
        String first = revenue.fieldNames().next();
        revenue.put(first, "1.00");
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "[" + bank + "]");
        CliRun bad = run(config, "reports", "audit", pdfs.toString(), "--truth", wrong.toString(), "--keywords");
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("✗ 数字与来源不符：营业收入"), bad.out());
        assertEquals(2, run(config, "reports", "audit", dir.resolve("missing").toString(), "--truth", right.toString()).exit());
    }
}
