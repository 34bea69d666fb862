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
            assertTrue(news.out().startsWith("[PUBLISHED] 民生银行(600016)2023年第一季度报告"), news.out());
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
}
