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
 * Arrival-to-published-news time for each sample report and for a 300+ page report (two real annual reports
 * concatenated with PDFBox: 174 + 156 = 330 pages). Each file is run three times after one warm-up; the median is
 * reported. Run from reports/:
 * mvn -B -q exec:java -Dexec.mainClass=dev.zhiyu.reports.SpeedBenchMain -Dexec.args="--pdfs ../../shared/data/reports/pdfs"
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
        pipeline.run(Files.readAllBytes(pdfs.get(0)), "warm-up");
        for (Path p : pdfs) bench(pipeline, Files.readAllBytes(p), p.getFileName().toString());
        bench(pipeline, merged(pdfs.get(0), pdfs.get(1)), "合并 " + pdfs.get(0).getFileName() + " + " + pdfs.get(1).getFileName());
    }

    static byte[] merged(Path a, Path b) throws Exception {
        PDFMergerUtility m = new PDFMergerUtility();
        m.addSource(a.toFile());
        m.addSource(b.toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.setDestinationStream(out);
        m.mergeDocuments(MemoryUsageSetting.setupMainMemoryOnly());
        return out.toByteArray();
    }

    static void bench(ReportPipeline pipeline, byte[] pdf, String name) {
        long[] ms = new long[3];
        ReportPipeline.Result last = null;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            last = pipeline.run(pdf, name);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        System.out.printf("%-70s %4d 页  到快讯发布 中位数 %5d ms（解析 %d / 分析 %d / 快讯 %d ms）状态 %s%n", name,
                last.report().pageCount(), ms[1], last.timings().parseMs(), last.timings().analyseMs(), last.timings().newsMs(),
                last.news().status());
    }
}
