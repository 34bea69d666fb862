package dev.zhiyu.reports;

import java.io.IOException;
import java.time.Duration;
import dev.zhiyu.reports.pdf.ContentBudget;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Bounds on what one document may cost: bytes on disk, pages, decoded content per page (and per font or image
 * stream), decoded content of the whole document, wall time, threads.
 */
public record Limits(long maxBytes, int maxPages, long maxPageContentBytes, Duration timeout, int threads) {
    public static Limits defaults() {
        return new Limits(200L << 20, 1200, 32L << 20, Duration.ofSeconds(120),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public Limits withMaxPages(int pages) { return new Limits(maxBytes, pages, maxPageContentBytes, timeout, threads); }

    public Limits withTimeout(Duration t) { return new Limits(maxBytes, maxPages, maxPageContentBytes, t, threads); }

    public Limits withMaxBytes(long bytes) { return new Limits(bytes, maxPages, maxPageContentBytes, timeout, threads); }

    /** Declared width × height of any one image (a 1-bit A3 scan at 600 dpi is about 70 million). */
    public long maxImagePixels() { return 100_000_000L; }

    /**
     * Decoded bytes a whole document may cost (pages as drawn, fonts, images): {@value #EXPANSION} times its size on
     * disk, at least two pages' worth. The eight development reports expand 3.1 to 5.4 times
     * (HostilePdfBenchMain), a deflate bomb a thousand times.
     */
    public long maxDocumentContentBytes(long fileBytes) {
        return Math.max(2 * maxPageContentBytes, Math.min(Long.MAX_VALUE / EXPANSION, fileBytes) * EXPANSION);
    }

    static final long EXPANSION = 40;

    /** The budget for one document of this size; share it between the threads reading that document. */
    public ContentBudget budget(String name, long fileBytes) {
        return new ContentBudget(name, maxPageContentBytes, maxDocumentContentBytes(fileBytes), maxImagePixels());
    }

    /**
     * Counts one page's decoded content as drawn (forms each time they are drawn, its fonts and images) so a
     * compression bomb stops early ({@link ReportException} with {@link InputProblem#BOMB}).
     */
    public void checkPageContent(PDPage page, String name, int pageNo) throws IOException {
        budget(name, 0).meter().page(page, pageNo);
    }
}
