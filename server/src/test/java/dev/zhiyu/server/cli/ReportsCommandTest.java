package dev.zhiyu.server.cli;

import dev.zhiyu.server.TestStores;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `reports ingest/show/news/eval`, with ReportsCommand added to the root command the way ZhiyuCommand will list it. */
class ReportsCommandTest {
    record Out(int exit, String out) {
    }

    private static Out run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new ZhiyuCommand());
            cli.addSubcommand("reports", new CommandLine(new ReportsCommand()));
            int exit = cli.execute(args);
            return new Out(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
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
            String c = config.toString();
            assertEquals(0, run("--config", c, "tenant", "create", "research", "--name", "研究所").exit());
            Out ingest = run("--config", c, "reports", "ingest", "--tenant", "research", bank.toString());
            assertEquals(0, ingest.exit(), ingest.out());
            assertTrue(ingest.out().contains("DONE"), ingest.out());
            Out show = run("--config", c, "reports", "show", "--tenant", "research", "1");
            assertTrue(show.out().contains("营业收入") && show.out().contains("第3页"), show.out());
            Out news = run("--config", c, "reports", "news", "--tenant", "research", "1");
            assertTrue(news.out().startsWith("[PUBLISHED] 民生银行(600016)2023年第一季度报告"), news.out());
            assertEquals(2, run("--config", c, "reports", "show", "--tenant", "research", "99").exit());
            Out eval = run("reports", "eval", "--pdfs", data.resolve("pdfs").toString(), "--truth", data.resolve("key_indicators.json").toString());
            assertEquals(0, eval.exit(), eval.out());
            assertTrue(eval.out().contains("合计 36/36"), eval.out());
        }
    }
}
