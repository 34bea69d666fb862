package dev.zhiyu.reports.generate;

import java.nio.file.Files;
import java.nio.file.Path;

/** One real sample report run through the report pipeline once per test JVM. */
final class TestBases {
    private static Corpus.Base semiAnnual;

    private TestBases() {
    }

    static synchronized Corpus.Base semiAnnual() throws Exception {
        if (semiAnnual == null) semiAnnual = Corpus.base(pdf("2025-08__引力传媒"));
        return semiAnnual;
    }

    static Path pdf(String prefix) throws Exception {
        Path dir = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(dir)) throw new AssertionError("缺少共享测试数据 " + dir.toAbsolutePath());
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("共享数据中没有以 " + prefix + " 开头的 PDF"));
        }
    }
}
