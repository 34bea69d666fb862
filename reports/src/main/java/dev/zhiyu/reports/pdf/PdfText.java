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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
        int pages;
        try (PDDocument doc = open(pdf, name)) {
            pages = doc.getNumberOfPages();
        } catch (IOException e) {
            throw new ReportException(InputProblem.CORRUPT, name + "：" + e.getMessage(), e);
        }
        if (pages == 0) throw new ReportException(InputProblem.CORRUPT, name + "：没有页面");
        if (pages > limits.maxPages())
            throw new ReportException(InputProblem.TOO_MANY_PAGES, name + " 有 " + pages + " 页，上限 " + limits.maxPages());
        return parallel(pdf, name, pages, limits);
    }

    static void check(byte[] pdf, String name, Limits limits) {
        if (pdf.length > limits.maxBytes())
            throw new ReportException(InputProblem.TOO_LARGE, name + " 有 " + pdf.length + " 字节，上限 " + limits.maxBytes());
        String head = new String(pdf, 0, Math.min(pdf.length, 1024), StandardCharsets.ISO_8859_1);
        if (!head.contains("%PDF-")) throw new ReportException(InputProblem.NOT_PDF, name + " 的文件头不是 %PDF-");
        String tail = new String(pdf, Math.max(0, pdf.length - 2048), Math.min(pdf.length, 2048), StandardCharsets.ISO_8859_1);
        if (!tail.contains("%%EOF")) throw new ReportException(InputProblem.CORRUPT, name + " 末尾缺少 %%EOF（文件被截断）");
    }

    public static PDDocument open(byte[] pdf, String name) throws IOException {
        try {
            PDDocument doc = PDDocument.load(pdf, "", null, null, MEMORY);
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                doc.close();
                throw new ReportException(InputProblem.ENCRYPTED, name + " 禁止提取内容");
            }
            return doc;
        } catch (InvalidPasswordException e) {
            throw new ReportException(InputProblem.ENCRYPTED, name + " 需要密码", e);
        } catch (StackOverflowError e) {
            throw new ReportException(InputProblem.BOMB, name + " 的对象嵌套过深");
        }
    }

    private static List<PageText> parallel(byte[] pdf, String name, int pages, Limits limits) {
        int n = Math.max(1, Math.min(limits.threads(), (pages + 15) / 16));
        PageText[] out = new PageText[pages];
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "pdf-pages");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int first = k;
                jobs.add(pool.submit(() -> worker(pdf, name, first, n, out, limits, deadline)));
            }
            for (Future<?> f : jobs) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    private static Void worker(byte[] pdf, String name, int first, int step, PageText[] out, Limits limits, long deadline)
            throws IOException {
        try (PDDocument doc = open(pdf, name)) {
            GlyphCollector collector = new GlyphCollector();
            for (int i = first; i < out.length; i += step) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) return null;
                PDPage page = doc.getPage(i);
                limits.checkPageContent(page, name, i + 1);
                List<Glyph> glyphs = collector.collect(doc, i + 1);
                var box = page.getCropBox();
                List<Line> lines = LineBuilder.lines(i + 1, glyphs);
                PageText text = new PageText(i + 1, box.getWidth(), box.getHeight(), lines, RowAssembler.rows(lines),
                        glyphs.size(), collector.unmapped(), GlyphCollector.hasImages(page));
                // a page whose glyphs mostly lack a Unicode mapping is reported, never read as text
                out[i] = text.garbled() ? new PageText(i + 1, text.width(), text.height(), List.of(), List.of(),
                        text.glyphs(), text.unmapped(), text.hasImages()) : text;
            }
        }
        return null;
    }
}
