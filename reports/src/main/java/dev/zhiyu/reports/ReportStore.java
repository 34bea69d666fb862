package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import java.util.List;
import java.util.Optional;

/**
 * The storage port the server implements on the tenant database. {@link #save} writes everything of one result in
 * one transaction, so a failure leaves nothing half-stored.
 */
public interface ReportStore {
    /**
     * Records a received file unless one with the same content hash exists (then returns that one, created=false;
     * a store may receive a FAILED one afresh under its id, created=true, so that re-submitting it works).
     */
    Received receive(String fileName, String sha256, long bytes);

    record Received(long id, boolean created) {
    }

    void status(long id, DocumentStatus status, String problem, String detail);

    void save(long id, ReportPipeline.Result result);

    Optional<StoredReport> find(long id);

    List<StoredReport> list(int limit);

    List<KeyIndicator> indicators(long id);

    List<Anomaly> anomalies(long id);

    Optional<NewsItem> news(long id);

    /** The stored section tree in document order ({@link Section#parent()} indexes into this list). */
    List<Section> sections(long id);

    /** Stored paragraphs in document order, {@code offset} paragraphs skipped, at most {@code limit}. */
    List<Paragraph> paragraphs(long id, int offset, int limit);

    /** Stored rows of the 分行业/分产品/分地区 main-business tables, each value with its source cell. */
    List<MainBusiness> mainBusiness(long id);

    /** Replaces the news text and status (a reviewer's edit or approval). */
    void updateNews(long id, NewsItem news, String actor);

    /** The same indicator in this company's stored reports, newest period first. */
    List<HistoryPoint> history(String companyCode, Indicator indicator);

    record HistoryPoint(long documentId, String period, Value current, Value change) {
    }
}
