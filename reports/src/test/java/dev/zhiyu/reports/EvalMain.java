package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import java.nio.file.Path;

/**
 * {@code reports eval}: key-indicator exact-match on a directory of PDFs against a truth file. Run from reports/:
 * mvn -B -q exec:java -Dexec.mainClass=dev.zhiyu.reports.EvalMain -Dexec.args="--pdfs ../../shared/data/reports/pdfs --truth ../../shared/data/reports/key_indicators.json"
 */
public final class EvalMain {
    public static void main(String[] args) {
        Path pdfs = Path.of(arg(args, "--pdfs", "../../shared/data/reports/pdfs"));
        Path truth = Path.of(arg(args, "--truth", "../../shared/data/reports/key_indicators.json"));
        ReportParser parser = new ReportParser();
        long t0 = System.nanoTime();
        var result = IndicatorEvaluation.run(pdfs, truth, p -> parser.parse(p).indicators());
        System.out.print(result.summary());
        System.out.printf("用时 %.1f 秒%n", (System.nanoTime() - t0) / 1e9);
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }
}
