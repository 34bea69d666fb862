package dev.zhiyu.reports;

import dev.zhiyu.reports.pdf.PdfText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Reports arrive by upload, a watched directory or a URL list; each is deduplicated by content hash, recorded as
 * RECEIVED and processed asynchronously (PROCESSING → DONE or FAILED with a status code), so callers poll status.
 */
public final class ReportIntake {
    private final ReportStore store;
    private final ReportPipeline pipeline;
    private final ExecutorService executor;
    private final Limits limits;
    private final Listener onDone;

    /** Called after a document's result is stored (e.g. to deliver its published news). */
    public interface Listener {
        void done(long documentId, ReportPipeline.Result result);
    }

    public ReportIntake(ReportStore store, ReportPipeline pipeline, ExecutorService executor, Limits limits,
                        Listener onDone) {
        this.store = store;
        this.pipeline = pipeline;
        this.executor = executor;
        this.limits = limits;
        this.onDone = onDone;
    }

    /**
     * An upload: refused at once when it is too large, empty, not a PDF or cut off ({@link ReportException}, so the
     * caller can answer 400/413); otherwise recorded and processed asynchronously.
     */
    public ReportStore.Received submit(byte[] pdf, String fileName) {
        PdfText.check(pdf, fileName, limits);
        return accept(pdf, fileName);
    }

    /** The checks an upload route makes before anything is stored: empty, not a PDF, cut off. */
    public static void refuseAtDoor(byte[] pdf, String fileName) {
        PdfText.check(pdf, fileName, Limits.defaults().withMaxBytes(Long.MAX_VALUE));
    }

    /** Records and queues a file found by a drop folder or URL list; a bad one becomes a FAILED document. */
    private ReportStore.Received accept(byte[] pdf, String fileName) {
        if (pdf.length > limits.maxBytes())
            throw new ReportException(InputProblem.TOO_LARGE, fileName + " 有 " + pdf.length + " 字节");
        ReportStore.Received r = store.receive(fileName, ReportParser.sha256(pdf), pdf.length);
        if (r.created()) executor.execute(() -> process(r.id(), pdf, fileName));
        return r;
    }

    /** Runs the pipeline now, in the caller's thread (the CLI's `reports ingest`). */
    public ReportStore.Received ingestNow(byte[] pdf, String fileName) {
        ReportStore.Received r = store.receive(fileName, ReportParser.sha256(pdf), pdf.length);
        if (r.created()) process(r.id(), pdf, fileName);
        return r;
    }

    void process(long id, byte[] pdf, String fileName) {
        store.status(id, DocumentStatus.PROCESSING, null, null);
        try {
            ReportPipeline.Result result = pipeline.run(pdf, fileName);
            store.save(id, result);
            if (onDone != null) onDone.done(id, result);
        } catch (ReportException e) {
            store.status(id, DocumentStatus.FAILED, e.problem().name(), e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            store.status(id, DocumentStatus.FAILED, "INTERNAL", fileName + " 处理失败：" + e);
        }
    }

    /** Submits every *.pdf in the directory (a watched drop folder); duplicates are recognised by hash. */
    public List<ReportStore.Received> scan(Path dir) throws IOException {
        List<ReportStore.Received> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".pdf")).sorted().toList()) {
                if (Files.size(p) > limits.maxBytes()) continue;
                out.add(accept(Files.readAllBytes(p), p.getFileName().toString()));
            }
        }
        return out;
    }

    /** Fetches each URL (size-capped, with a timeout) and submits it. */
    public List<ReportStore.Received> fetch(List<URI> urls, HttpClient http) throws IOException, InterruptedException {
        List<ReportStore.Received> out = new ArrayList<>();
        for (URI u : urls) {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (res.statusCode() != 200) throw new IOException(u + " 返回 HTTP " + res.statusCode());
            try (InputStream in = res.body()) {
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
                String name = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
                out.add(accept(body, name.isBlank() ? u.toString() : name));
            }
        }
        return out;
    }
}
