package dev.zhiyu.reports;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only sample data beside the checkout; tests fail (never skip) when it is missing. */
final class SharedData {
    static final Path ROOT = Path.of("../../shared/data");

    private SharedData() {
    }

    static Path require(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.exists(p))
            throw new AssertionError("缺少共享测试数据 " + p.toAbsolutePath() + "（应在检出目录旁的 shared/data 下）");
        return p;
    }

    static Path pdfs() { return require("reports/pdfs"); }

    static Path truth() { return require("reports/key_indicators.json"); }

    static Path corpusPdfs() { return require("reports/corpus/pdfs"); }

    static Path corpusTruth() { return require("reports/corpus/key_indicators.json"); }

    static Path corpusPdf(String prefix) throws java.io.IOException {
        try (var s = Files.list(corpusPdfs())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("共享数据中没有以 " + prefix + " 开头的 PDF"));
        }
    }

    static Path pdf(String prefix) throws java.io.IOException {
        try (var s = Files.list(pdfs())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("共享数据中没有以 " + prefix + " 开头的 PDF"));
        }
    }
}
