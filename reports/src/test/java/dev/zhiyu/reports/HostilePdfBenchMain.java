package dev.zhiyu.reports;

import dev.zhiyu.reports.pdf.ContentBudget;
import dev.zhiyu.reports.pdf.PdfText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * How long each hostile file (HostilePdfs) takes to be refused by the parser (p50/p99 of 20 runs, time and the
 * heap grown meanwhile), and how far real reports expand (decoded bytes as drawn ÷ bytes on disk) against the
 * document budget ({@link Limits#maxDocumentContentBytes}). Run from reports/ after
 * {@code mvn -B -q -pl reports -am test-compile -P '!fuzz'}:
 * java -cp "target/test-classes:target/classes:$(cat /tmp/rh-cp.txt)" dev.zhiyu.reports.HostilePdfBenchMain
 * (the classpath file comes from {@code mvn -B -q -pl reports -am dependency:build-classpath
 * -Dmdep.outputFile=/tmp/rh-cp.txt -Dmdep.includeScope=test -P '!fuzz'}).
 */
public final class HostilePdfBenchMain {
    public static void main(String[] args) throws Exception {
        Limits limits = Limits.defaults();
        ReportParser parser = new ReportParser(limits, false);
        Map<String, Callable<byte[]>> hostile = new LinkedHashMap<>();
        hostile.put("content-bomb", HostilePdfs::contentBomb);
        hostile.put("form-drawn-5000x", HostilePdfs::formDrawnManyTimes);
        hostile.put("nested-forms", HostilePdfs::nestedForms);
        hostile.put("huge-image", HostilePdfs::hugeImage);
        hostile.put("image-bomb", HostilePdfs::imageBomb);
        hostile.put("font-bomb", HostilePdfs::fontBomb);
        hostile.put("shared-stream-200p", HostilePdfs::sharedStream);
        System.out.printf("%-20s %8s %8s %8s %10s  %s%n", "file", "bytes", "p50 ms", "p99 ms", "heap+ MB", "status");
        for (var e : hostile.entrySet()) {
            byte[] pdf = e.getValue().call();
            long[] ms = new long[20];
            long heap = 0;
            String status = "";
            for (int i = 0; i < ms.length; i++) {
                System.gc();
                long before = used();
                long t0 = System.nanoTime();
                try {
                    parser.parse(pdf, e.getKey());
                    status = "READ";
                } catch (ReportException x) {
                    status = x.problem().name();
                }
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                heap = Math.max(heap, used() - before);
            }
            Arrays.sort(ms);
            System.out.printf("%-20s %8d %8d %8d %10d  %s%n", e.getKey(), pdf.length, ms[ms.length / 2], ms[ms.length - 1],
                    heap >> 20, status);
        }
        System.out.printf("%n%-60s %10s %12s %7s %8s%n", "real report", "bytes", "decoded", "ratio", "meter ms");
        for (String dir : List.of("reports/pdfs", "reports/corpus/pdfs")) {
            try (var s = Files.list(SharedData.require(dir))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".pdf")).sorted().toList()) expansion(p, limits);
            }
        }
    }

    private static void expansion(Path p, Limits limits) throws Exception {
        byte[] pdf = Files.readAllBytes(p);
        ContentBudget budget = new ContentBudget(p.getFileName().toString(), Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        long open;
        long ms;
        try (PDDocument doc = PdfText.open(pdf, p.getFileName().toString())) {
            open = System.nanoTime();
            ContentBudget.Meter m = budget.meter();
            for (int i = 0; i < doc.getNumberOfPages(); i++) m.page(doc.getPage(i), i + 1);
            ms = (System.nanoTime() - open) / 1_000_000; // metering only, one thread; opening the file is not counted
        }
        System.out.printf("%-60s %10d %12d %7.1f %8d  (budget %d MB)%n", p.getFileName(), pdf.length, budget.spent(),
                budget.spent() / (double) pdf.length, ms, limits.maxDocumentContentBytes(pdf.length) >> 20);
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
