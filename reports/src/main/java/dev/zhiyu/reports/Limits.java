package dev.zhiyu.reports;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.apache.pdfbox.pdmodel.PDPage;

/** Bounds on what one document may cost: bytes on disk, pages, decoded content per page, wall time, threads. */
public record Limits(long maxBytes, int maxPages, long maxPageContentBytes, Duration timeout, int threads) {
    public static Limits defaults() {
        return new Limits(200L << 20, 1200, 32L << 20, Duration.ofSeconds(120),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public Limits withMaxPages(int pages) { return new Limits(maxBytes, pages, maxPageContentBytes, timeout, threads); }

    public Limits withTimeout(Duration t) { return new Limits(maxBytes, maxPages, maxPageContentBytes, t, threads); }

    public Limits withMaxBytes(long bytes) { return new Limits(bytes, maxPages, maxPageContentBytes, timeout, threads); }

    /**
     * Decodes the page's content streams with a byte budget so a compression bomb stops early
     * ({@link ReportException} with {@link InputProblem#BOMB} past {@link #maxPageContentBytes()}).
     */
    public void checkPageContent(PDPage page, String name, int pageNo) throws IOException {
        byte[] buf = new byte[64 << 10];
        long total = 0;
        try (InputStream in = page.getContents()) {
            if (in == null) return;
            for (int r; (r = in.read(buf)) > 0; ) {
                total += r;
                if (total > maxPageContentBytes)
                    throw new ReportException(InputProblem.BOMB, name + " 第 " + pageNo + " 页内容流解压后超过 "
                            + (maxPageContentBytes >> 20) + " MB");
            }
        }
    }
}
