package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory {@link ReportStore} for tests of the module without a database. */
final class MemoryStore implements ReportStore {
    final Map<Long, StoredReport> docs = new ConcurrentHashMap<>();
    final Map<Long, ReportPipeline.Result> results = new ConcurrentHashMap<>();
    final Map<Long, NewsItem> news = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public synchronized Received receive(String fileName, String sha256, long bytes) {
        for (StoredReport r : docs.values()) if (r.sha256().equals(sha256)) return new Received(r.id(), false);
        long id = ids.incrementAndGet();
        docs.put(id, new StoredReport(id, fileName, sha256, DocumentStatus.RECEIVED, null, null, null, 0, Instant.now(), null));
        return new Received(id, true);
    }

    @Override
    public void status(long id, DocumentStatus status, String problem, String detail) {
        docs.computeIfPresent(id, (k, r) -> new StoredReport(id, r.fileName(), r.sha256(), status, problem, detail, r.info(),
                r.pages(), r.receivedAt(), status == DocumentStatus.DONE || status == DocumentStatus.FAILED ? Instant.now() : null));
    }

    @Override
    public void save(long id, ReportPipeline.Result result) {
        results.put(id, result);
        news.put(id, result.news());
        docs.computeIfPresent(id, (k, r) -> new StoredReport(id, r.fileName(), r.sha256(), DocumentStatus.DONE, null, null,
                result.report().info(), result.report().pageCount(), r.receivedAt(), Instant.now()));
    }

    @Override public Optional<StoredReport> find(long id) { return Optional.ofNullable(docs.get(id)); }

    @Override public List<StoredReport> list(int limit) { return new ArrayList<>(docs.values()); }

    @Override public List<KeyIndicator> indicators(long id) { return results.get(id).report().indicators(); }

    @Override public List<Anomaly> anomalies(long id) { return results.get(id).anomalies(); }

    @Override public Optional<NewsItem> news(long id) { return Optional.ofNullable(news.get(id)); }

    @Override public List<Section> sections(long id) { return results.get(id).report().sections(); }

    @Override public List<Paragraph> paragraphs(long id, int offset, int limit) {
        return results.get(id).report().paragraphs().stream().skip(offset).limit(limit).toList();
    }

    @Override public List<MainBusiness> mainBusiness(long id) { return results.get(id).report().mainBusiness(); }

    @Override public void updateNews(long id, NewsItem item, String actor) { news.put(id, item); }

    @Override public List<HistoryPoint> history(String companyCode, Indicator indicator) { return List.of(); }
}
