package dev.zhiyu.server.reports;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.server.platform.Tenant;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The original PDFs of a tenant's reports, kept as {@code <dataDir>/tenants/<slug>/reports/originals/<sha256>.pdf}
 * (content-addressed: the same file uploaded twice is kept once, and the user's file name never becomes a path), and
 * their pages rendered as PNG for the review panel, cached next to them in {@code reports/pages/<sha256>/<n>.png}.
 * Rendering is bounded like parsing: the reports module's {@link Limits} (pages, decoded content per page), a pixel
 * cap, a time limit, and a small shared pool whose queue refuses work when full; a page that once timed out or broke
 * is not tried again.
 */
public final class ReportOriginals implements AutoCloseable {
    static final float DPI = 110f;
    static final int MAX_WIDTH = 1000, MAX_HEIGHT = 2400;
    static final Duration RENDER_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final MemoryUsageSetting MEMORY = MemoryUsageSetting.setupMixed(64L << 20);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportOriginals.class);

    /** Why a page cannot be shown; the route turns each into its problem document. */
    public static final class PageException extends RuntimeException {
        public enum Kind { NOT_KEPT, OUT_OF_RANGE, UNREADABLE, BUSY }

        private final Kind kind;
        private final int pages;

        PageException(Kind kind, int pages, String message) {
            super(message);
            this.kind = kind;
            this.pages = pages;
        }

        public Kind kind() { return kind; }

        /** The document's page count when known (OUT_OF_RANGE), else 0. */
        public int pages() { return pages; }
    }

    private final Path dataDir;
    private final Limits limits;
    private final ThreadPoolExecutor renderers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), r -> Thread.ofPlatform().name("report-pages").daemon(true).unstarted(r));
    private final Map<Path, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private final Map<Path, PageSize[]> sizes = new ConcurrentHashMap<>();

    /**
     * A page as the review panel draws it: its size in PDF points as rendered (the crop box, turned when the page is
     * rotated; the frame cell boxes are measured in, origin top-left) and the rendered image's size in pixels, so a
     * client can scale a cell's box onto the image at whatever width it shows it.
     */
    public record PageSize(int page, int pages, float widthPt, float heightPt, int rotation, int imageWidth, int imageHeight) {
    }
    private final Set<Path> broken = ConcurrentHashMap.newKeySet();

    /** @param dataDir the server's data directory; null keeps nothing (every page request says so) */
    ReportOriginals(Path dataDir, Limits limits) {
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        this.limits = limits;
    }

    /** Keeps the PDF unless a copy with the same hash is already there; written to a temp file, then moved in. */
    void keep(Tenant tenant, byte[] pdf, String sha256) throws IOException {
        if (dataDir == null || !looksLikePdf(pdf)) return;
        Path file = original(tenant, sha256);
        if (Files.exists(file)) return;
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "upload-", ".part");
        try {
            Files.write(tmp, pdf);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes what a crash can leave in the tenant's originals folder: half-written uploads and originals no stored
     * document refers to (kept just before a crash cut the upload off). Returns how many files went.
     */
    int sweep(Tenant tenant, java.util.Set<String> storedHashes) throws IOException {
        if (dataDir == null) return 0;
        Path dir = folder(tenant).resolve("originals");
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean orphan = name.endsWith(".part")
                        || (name.endsWith(".pdf") && !storedHashes.contains(name.substring(0, name.length() - 4)));
                if (orphan && Files.deleteIfExists(f)) removed++;
            }
        }
        return removed;
    }

    /** The kept original of the document with this hash, if any. */
    public Optional<Path> find(Tenant tenant, String sha256) {
        if (dataDir == null || sha256 == null || !SHA256.matcher(sha256).matches()) return Optional.empty();
        Path file = original(tenant, sha256);
        return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /** Page {@code page} (1-based) of the document with this hash as PNG; concurrent requests share one render. */
    public byte[] page(Tenant tenant, String sha256, int page) {
        Path pdf = find(tenant, sha256).orElseThrow(() -> new PageException(PageException.Kind.NOT_KEPT, 0,
                "这份报告的原文未保留（可能在此功能上线前处理），请重新上传 PDF 后再查看页面"));
        Path png = folder(tenant).resolve("pages").resolve(sha256).resolve(page + ".png");
        if (Files.isRegularFile(png, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                return Files.readAllBytes(png);
            } catch (IOException e) {
                LOG.warn("页面缓存 {} 读取失败，重新渲染：{}", png, e.toString());
            }
        }
        if (broken.contains(png)) throw unreadable(page);
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = inFlight.putIfAbsent(png, mine);
        if (running != null) return await(running, png, page);
        try {
            renderers.execute(() -> {
                try {
                    mine.complete(cache(png, render(pdf, page)));
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(png, mine);
            throw new PageException(PageException.Kind.BUSY, 0, "正在渲染的页面过多，请稍后再试");
        }
        try {
            return await(mine, png, page);
        } finally {
            mine.whenComplete((b, e) -> inFlight.remove(png, mine));
        }
    }

    /** The size of page {@code page} (1-based); every page of a document is measured once and remembered. */
    public PageSize size(Tenant tenant, String sha256, int page) {
        Path pdf = find(tenant, sha256).orElseThrow(() -> new PageException(PageException.Kind.NOT_KEPT, 0,
                "这份报告的原文未保留（可能在此功能上线前处理），请重新上传 PDF 后再查看页面"));
        PageSize[] all = sizes.get(pdf);
        if (all == null) {
            java.util.concurrent.Future<PageSize[]> job;
            try {
                job = renderers.submit(() -> measure(pdf));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new PageException(PageException.Kind.BUSY, 0, "正在渲染的页面过多，请稍后再试");
            }
            try {
                all = job.get(RENDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                job.cancel(true);
                LOG.warn("报告 {} 的页面尺寸读取失败：{}", pdf, e.toString());
                throw unreadable(page);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PageException(PageException.Kind.BUSY, 0, "读取被中断，请稍后再试");
            }
            if (sizes.size() >= 64) sizes.clear(); // a small memo, not a store
            sizes.put(pdf, all);
        }
        if (page < 1 || page > all.length) throw new PageException(PageException.Kind.OUT_OF_RANGE, all.length, range(all.length, page));
        return all[page - 1];
    }

    private PageSize[] measure(Path pdf) throws IOException {
        try (PDDocument doc = PDDocument.load(pdf.toFile(), "", null, null, MEMORY)) {
            int pages = doc.getNumberOfPages();
            if (pages > limits.maxPages()) throw new IOException(pages + " 页，超过上限 " + limits.maxPages());
            PageSize[] out = new PageSize[pages];
            for (int i = 0; i < pages; i++) {
                PDPage p = doc.getPage(i);
                PDRectangle box = p.getCropBox();
                int rotation = ((p.getRotation() % 360) + 360) % 360;
                boolean turned = rotation % 180 != 0;
                float w = turned ? box.getHeight() : box.getWidth(), h = turned ? box.getWidth() : box.getHeight();
                float scale = w > 1 && h > 1 ? scale(w, h) : 0;
                // PDFRenderer's own rounding, so the numbers match the PNG this route serves
                out[i] = new PageSize(i + 1, pages, w, h, rotation, (int) Math.max(Math.floor(w * scale), 1),
                        (int) Math.max(Math.floor(h * scale), 1));
            }
            return out;
        }
    }

    private static float scale(float w, float h) {
        return Math.min(DPI / 72f, Math.min(MAX_WIDTH / w, MAX_HEIGHT / h));
    }

    private byte[] await(CompletableFuture<byte[]> job, Path png, int page) {
        try {
            return job.get(RENDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            broken.add(png);
            job.cancel(true);
            LOG.warn("报告页面 {} 渲染超过 {} 秒，已放弃", png, RENDER_TIMEOUT.toSeconds());
            throw unreadable(page);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PageException p) throw p;
            broken.add(png);
            LOG.warn("报告页面 {} 渲染失败：{}", png, e.getCause().toString());
            throw unreadable(page);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageException(PageException.Kind.BUSY, 0, "渲染被中断，请稍后再试");
        }
    }

    private static PageException unreadable(int page) {
        return new PageException(PageException.Kind.UNREADABLE, 0, "第 " + page + " 页无法渲染（文件损坏、加密或内容超出限制）");
    }

    /** Renders within the limits the parser applies to the same file: page count, decoded content, pixels. */
    byte[] render(Path pdf, int page) throws IOException {
        try (PDDocument doc = PDDocument.load(pdf.toFile(), "", null, null, MEMORY)) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent())
                throw new IOException("文档加密，禁止提取内容");
            int pages = doc.getNumberOfPages();
            if (pages > limits.maxPages()) throw new IOException(pages + " 页，超过上限 " + limits.maxPages());
            if (page < 1 || page > pages)
                throw new PageException(PageException.Kind.OUT_OF_RANGE, pages, range(pages, page));
            PDPage p = doc.getPage(page - 1);
            try {
                limits.checkPageContent(p, pdf.getFileName().toString(), page);
            } catch (dev.zhiyu.reports.ReportException e) {
                throw new IOException(e.getMessage());
            }
            PDRectangle box = p.getCropBox();
            boolean turned = p.getRotation() % 180 != 0;
            float w = turned ? box.getHeight() : box.getWidth(), h = turned ? box.getWidth() : box.getHeight();
            if (!(w > 1 && h > 1)) throw new IOException("页面尺寸无效");
            float scale = scale(w, h);
            BufferedImage img = new PDFRenderer(doc).renderImage(page - 1, scale, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 << 10);
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new IOException("内容嵌套过深或过大：" + e);
        }
    }

    public static String range(int pages, int asked) {
        return "本报告共 " + pages + " 页，没有第 " + asked + " 页；页码应为 1 到 " + pages + " 之间的整数";
    }

    private static byte[] cache(Path png, byte[] bytes) {
        try {
            Files.createDirectories(png.getParent());
            Path tmp = Files.createTempFile(png.getParent(), "page-", ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("页面缓存 {} 写入失败：{}", png, e.toString());
        }
        return bytes;
    }

    /** {@code <dataDir>/tenants/<slug>/reports}; a slug that would leave {@code tenants/} is refused outright. */
    private Path folder(Tenant tenant) {
        Path tenants = dataDir.resolve("tenants");
        Path own = tenants.resolve(tenant.slug()).normalize();
        if (!own.getParent().equals(tenants)) throw new IllegalStateException("租户标识无效：" + tenant.slug());
        return own.resolve("reports");
    }

    private Path original(Tenant tenant, String sha256) {
        if (!SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("不是 SHA-256：" + sha256);
        return folder(tenant).resolve("originals").resolve(sha256 + ".pdf");
    }

    private static boolean looksLikePdf(byte[] pdf) {
        return new String(pdf, 0, Math.min(pdf.length, 1024), StandardCharsets.ISO_8859_1).contains("%PDF-");
    }

    @Override
    public void close() {
        renderers.shutdownNow();
    }
}
