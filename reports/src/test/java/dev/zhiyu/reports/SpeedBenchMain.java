package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Thresholds;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.multipdf.PDFMergerUtility;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Arrival-to-published-news time for each sample report and for two long ones made by concatenating real reports with
 * PDFBox: the first two (张家界 174 + 四方科技 156 = 330 pages) and all four (517 pages, longer than the 441-page
 * report of issue 16, which is not among the shared data). Each file is run {@code --runs} times (default 3) after
 * one warm-up, the merged ones {@code --big-runs} times (default 20); p50 and p99 (nearest rank) are reported.
 * Run from reports/ after {@code mvn -B -q -pl reports -am -P '!fuzz' test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}:
 * java -Xmx2g -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.zhiyu.reports.SpeedBenchMain --pdfs ../../shared/data/reports/pdfs
 */
public final class SpeedBenchMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(EvalMain.arg(args, "--pdfs", "../../shared/data/reports/pdfs"));
        ReportPipeline pipeline = new ReportPipeline(new ReportParser(Limits.defaults(), false),
                new AnomalyDetector(Thresholds.defaults()), ExplanationMatcher.keywords(), false);
        System.out.printf("处理器 %d 个，线程上限 %d%n", Runtime.getRuntime().availableProcessors(), Limits.defaults().threads());
        List<Path> pdfs;
        try (var s = Files.list(dir)) {
            pdfs = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
        int runs = Integer.parseInt(EvalMain.arg(args, "--runs", "3"));
        int bigRuns = Integer.parseInt(EvalMain.arg(args, "--big-runs", "20"));
        pipeline.run(Files.readAllBytes(pdfs.get(0)), "warm-up");
        for (Path p : pdfs) bench(pipeline, Files.readAllBytes(p), p.getFileName().toString(), runs);
        bench(pipeline, merged(pdfs.subList(0, 2)), "合并前两份", bigRuns);
        bench(pipeline, merged(pdfs), "合并全部 " + pdfs.size() + " 份", bigRuns);
    }

    static byte[] merged(List<Path> parts) throws Exception {
        PDFMergerUtility m = new PDFMergerUtility();
        for (Path p : parts) m.addSource(p.toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.setDestinationStream(out);
        m.mergeDocuments(MemoryUsageSetting.setupMainMemoryOnly());
        return out.toByteArray();
    }

    static void bench(ReportPipeline pipeline, byte[] pdf, String name, int runs) {
        long[] ms = new long[runs];
        ReportPipeline.Result last = null;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            last = pipeline.run(pdf, name);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        System.out.printf("%-70s %4d 页  到快讯发布 %d 次 p50 %5d ms p99 %5d ms（末次 解析 %d / 分析 %d / 快讯 %d ms）状态 %s%n", name,
                last.report().pageCount(), runs, rank(ms, 0.50), rank(ms, 0.99), last.timings().parseMs(),
                last.timings().analyseMs(), last.timings().newsMs(), last.news().status());
    }

    /** Nearest-rank percentile of sorted values. */
    static long rank(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
