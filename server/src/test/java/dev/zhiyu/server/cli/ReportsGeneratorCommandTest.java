package dev.zhiyu.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `reports gen-train` / `gen-eval` through the real command line, with a tiny model on two real reports. */
class ReportsGeneratorCommandTest {
    @Test
    void trainsATinyModelAndEvaluatesItAgainstTheTemplates(@TempDir Path dir) throws Exception {
        Path data = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(data)) throw new AssertionError("缺少共享测试数据 " + data.toAbsolutePath());
        Path pdfs = Files.createDirectories(dir.resolve("pdfs"));
        try (var s = Files.list(data)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("2025-08__引力传媒")
                    || f.getFileName().toString().startsWith("民生银行")).toList())
                Files.createSymbolicLink(pdfs.resolve(p.getFileName()), p.toAbsolutePath());
        }
        Path config = Files.writeString(dir.resolve("zhiyu.properties"), "zhiyu.data.dir=" + dir + "\nzhiyu.demo=false\n");
        Path model = dir.resolve("model");
        CliRun train = CliRun.run(config, "", "reports", "gen-train", "--out", model.toString(), "--pdfs", pdfs.toString(),
                "--holdout", "民生银行", "--pairs", "6", "--hidden", "8", "--epochs", "1", "--minutes", "1", "--seed", "3",
                "--eval-inputs", "0");
        assertEquals(0, train.exit(), train.out() + train.err());
        assertTrue(train.out().contains("模型 gen-") && Files.exists(model.resolve("generator.json")), train.out());
        CliRun eval = CliRun.run(config, "", "reports", "gen-eval", "--model", model.toString(), "--pdfs", pdfs.toString(), "--inputs", "4");
        assertEquals(0, eval.exit(), eval.out() + eval.err());
        for (String s : new String[]{"BLEU", "RG-P", "CS-P", "CS-R", "DLD", "回退率", "p99ms", "未见报告 民生银行", "训练报告的未见扰动",
                "model", "published", "templates"})
            assertTrue(eval.out().contains(s), s + "\n" + eval.out());
        assertEquals(0, CliRun.run(config, "", "tenant", "create", "acme", "--name", "甲").exit());
        CliRun registered = CliRun.run(config, "", "reports", "gen-train", "--tenant", "acme", "--register", "--out",
                dir.resolve("model2").toString(), "--pdfs", pdfs.toString(), "--holdout", "民生银行", "--pairs", "2",
                "--hidden", "8", "--epochs", "1", "--minutes", "1", "--seed", "4", "--eval-inputs", "4");
        assertEquals(0, registered.exit(), registered.out() + registered.err());
        assertTrue(registered.out().contains("留出报告 民生银行（5 条输入"), registered.out());
        String saved = Files.readString(dir.resolve("model2/generator.json"));
        for (String metric : new String[]{"\"bleu\"", "\"rgPrecision\"", "\"fallbackRate\"", "\"templates.bleu\""})
            assertTrue(saved.contains(metric), metric + " kept with the model for the registry: " + saved);
        assertTrue(registered.out().contains("审核编辑样本 0 条"), registered.out());
        var version = java.util.regex.Pattern.compile("已登记候选版本 ([0-9a-f-]{36})").matcher(registered.out());
        assertTrue(version.find(), registered.out());
        CliRun noLive = CliRun.run(config, "", "reports", "gen-rollback", "--tenant", "acme");
        assertEquals(2, noLive.exit());
        assertTrue(noLive.err().startsWith("错误：") && noLive.err().contains("没有上线的版本"), noLive.err());
        CliRun promoted = CliRun.run(config, "", "reports", "gen-promote", "--tenant", "acme", version.group(1));
        assertEquals(0, promoted.exit(), promoted.out() + promoted.err());
        assertTrue(promoted.out().contains("已上线 " + version.group(1)), promoted.out());
        CliRun otherTenant = CliRun.run(config, "", "reports", "gen-promote", "--tenant", "nobody", version.group(1));
        assertEquals(2, otherTenant.exit());
        CliRun missing = CliRun.run(config, "", "reports", "gen-eval", "--model", dir.resolve("none").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("错误："), missing.err());
        CliRun noPdfs = CliRun.run(config, "", "reports", "gen-train", "--out", model.toString(), "--pdfs", dir.resolve("none").toString());
        assertEquals(2, noPdfs.exit());
        assertTrue(noPdfs.err().contains("PDF 目录不存在"), noPdfs.err());
    }
}
