package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.InputProblem;
import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportException;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads every page's text layer within {@link Limits}. Pages are parsed in parallel: each worker opens its own
 * PDDocument (PDFBox documents are not thread-safe) and takes every n-th page.
 */
public final class PdfText {
    private static final MemoryUsageSetting MEMORY = MemoryUsageSetting.setupMixed(64L << 20);

    private PdfText() {
    }

    public static List<PageText> read(byte[] pdf, String name, Limits limits) {
        check(pdf, name, limits);
        PDDocument first;
        try {
            first = open(pdf, name);
        } catch (IOException e) {
            throw new ReportException(InputProblem.CORRUPT, name + "：" + e.getMessage(), e);
        }
        // Loading parses the whole cross-reference and object streams (a third of a long report's parse): the
        // document opened here to count the pages is the first worker's, not opened again.
        try (PDDocument doc = first) {
            int pages = doc.getNumberOfPages();
            if (pages == 0) throw new ReportException(InputProblem.CORRUPT, name + "：没有页面");
            if (pages > limits.maxPages())
                throw new ReportException(InputProblem.TOO_MANY_PAGES, name + " 有 " + pages + " 页，上限 " + limits.maxPages());
            return parallel(doc, pdf, name, pages, limits, limits.budget(name, pdf.length));
        } catch (IOException e) {
            throw new ReportException(InputProblem.CORRUPT, name + "：" + e.getMessage(), e);
        }
    }

    /**
     * The checks that need no parsing, for the door (an upload route): size, the %PDF- header, the %%EOF trailer.
     * An empty or non-PDF file is {@link InputProblem#NOT_PDF}, a cut-off one CORRUPT.
     */
    public static void check(byte[] pdf, String name, Limits limits) {
        if (pdf.length > limits.maxBytes())
            throw new ReportException(InputProblem.TOO_LARGE, name + " 有 " + pdf.length + " 字节，上限 " + limits.maxBytes());
        String head = new String(pdf, 0, Math.min(pdf.length, 1024), StandardCharsets.ISO_8859_1);
        if (pdf.length == 0) throw new ReportException(InputProblem.NOT_PDF, name + " 是空文件（0 字节），请上传报告的 PDF 原文");
        if (!head.contains("%PDF-"))
            throw new ReportException(InputProblem.NOT_PDF, name + " 不是 PDF 文件（文件头不是 %PDF-），请上传报告的 PDF 原文");
        String tail = new String(pdf, Math.max(0, pdf.length - 2048), Math.min(pdf.length, 2048), StandardCharsets.ISO_8859_1);
        if (!tail.contains("%%EOF")) throw new ReportException(InputProblem.CORRUPT, name + " 末尾缺少 %%EOF（文件被截断）");
    }

    /** Opens the file as a viewer would: with the empty user password; a file needing a real password is ENCRYPTED. */
    public static PDDocument open(byte[] pdf, String name) throws IOException {
        try {
            // An owner password alone (empty user password) only restricts what viewers offer; every viewer opens
            // such a file, and many listed companies publish their reports that way: read it like any other.
            return PDDocument.load(pdf, "", null, null, MEMORY);
        } catch (InvalidPasswordException e) {
            throw new ReportException(InputProblem.ENCRYPTED, name + " 需要打开密码才能阅读，请上传未加密（或只设权限密码）的版本", e);
        } catch (StackOverflowError e) {
            throw new ReportException(InputProblem.BOMB, name + " 的对象嵌套过深");
        }
    }

    /** {@code first}: the loaded document, used by worker 0 only; the others load their own. */
    private static List<PageText> parallel(PDDocument first, byte[] pdf, String name, int pages, Limits limits,
                                           ContentBudget budget) {
        int n = Math.max(1, Math.min(limits.threads(), (pages + 15) / 16));
        PageText[] out = new PageText[pages];
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "pdf-pages");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        try {
            CompletionService<Void> jobs = new ExecutorCompletionService<>(pool);
            for (int k = 0; k < n; k++) {
                int from = k;
                jobs.submit(() -> {
                    if (from == 0) return worker(first, from, n, out, budget, deadline);
                    try (PDDocument doc = open(pdf, name)) {
                        return worker(doc, from, n, out, budget, deadline);
                    }
                });
            }
            // in completion order: one worker's refusal ends the document without waiting for the others
            for (int k = 0; k < n; k++) {
                Future<Void> f = jobs.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) throw new TimeoutException();
                f.get();
            }
        } catch (TimeoutException e) {
            throw new ReportException(InputProblem.TIMEOUT, name + " 超过 " + limits.timeout().toSeconds() + " 秒");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReportException re) throw re;
            if (e.getCause() instanceof StackOverflowError) throw new ReportException(InputProblem.BOMB, name + " 的内容嵌套过深");
            if (e.getCause() instanceof OutOfMemoryError) throw new ReportException(InputProblem.BOMB, name + " 的内容过大");
            throw new ReportException(InputProblem.CORRUPT, name + "：" + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException(InputProblem.TIMEOUT, name + " 被中断");
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(out);
    }

    private static Void worker(PDDocument doc, int first, int step, PageText[] out, ContentBudget budget, long deadline)
            throws IOException {
        GlyphCollector collector = new GlyphCollector();
        ContentBudget.Meter meter = budget.meter();
        // every page is counted before any is read, so a bomb is refused after decoding, never after interpreting
        for (int i = first; i < out.length; i += step) {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) return null;
            meter.page(doc.getPage(i), i + 1);
        }
        for (int i = first; i < out.length; i += step) {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) return null;
            PDPage page = doc.getPage(i);
            List<Glyph> glyphs = collector.collect(doc, i + 1);
            var box = page.getCropBox();
            List<Line> lines = LineBuilder.lines(i + 1, glyphs);
            PageText text = new PageText(i + 1, box.getWidth(), box.getHeight(), lines, RowAssembler.rows(lines),
                    glyphs.size(), collector.unmapped(), GlyphCollector.hasImages(page));
            // a page whose glyphs mostly lack a Unicode mapping is reported, never read as text
            out[i] = text.garbled() ? new PageText(i + 1, text.width(), text.height(), List.of(), List.of(),
                    text.glyphs(), text.unmapped(), text.hasImages()) : text;
        }
        return null;
    }
}
