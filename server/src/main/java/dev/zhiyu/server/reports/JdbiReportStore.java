package dev.zhiyu.server.reports;

import dev.zhiyu.reports.DocumentStatus;
import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.StoredReport;
import dev.zhiyu.reports.explain.Explanation;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import dev.zhiyu.reports.tables.CellRef;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ReportStore} on a tenant's database (tables from the reports module's Flyway migration). */
public final class JdbiReportStore implements ReportStore {
    private final Jdbi jdbi;

    public JdbiReportStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Problem code of a document whose processing a server restart cut off. */
    public static final String RESTARTED = "SERVER_RESTART";

    /**
     * How long a document may stay RECEIVED or PROCESSING before a re-upload of the same file takes it over: far
     * longer than the parser's time limit plus a full queue, so only a worker that died (a crash this process did
     * not restart from) leaves a row this old.
     */
    static final java.time.Duration STALE = java.time.Duration.ofMinutes(30);

    /**
     * A file seen before is that document again (created=false), unless it failed or its processing is stale
     * ({@link #STALE}): then it is received afresh under the same id (created=true, processed again), so
     * re-submitting a file that failed or was cut off works.
     */
    @Override
    public Received receive(String fileName, String sha256, long bytes) {
        return jdbi.inTransaction(h -> {
            Optional<Long> existing = h.createQuery("SELECT id FROM report_documents WHERE sha256 = :s").bind("s", sha256)
                    .mapTo(Long.class).findOne();
            if (existing.isPresent()) {
                int again = h.createUpdate("UPDATE report_documents SET status = 'RECEIVED', problem = NULL, detail = NULL, "
                                + "file_name = :f, received_at = :t, finished_at = NULL WHERE id = :id AND (status = 'FAILED' "
                                + "OR status IN ('RECEIVED', 'PROCESSING') AND received_at < :stale)")
                        .bind("f", ReportResultRows.clip(fileName, 500)).bind("t", ReportResultRows.now()).bind("id", existing.get())
                        .bind("stale", ReportResultRows.now().minus(STALE)).execute();
                return new Received(existing.get(), again == 1);
            }
            long id = h.createUpdate("INSERT INTO report_documents (sha256, file_name, byte_count, status, received_at) "
                            + "VALUES (:s, :f, :b, 'RECEIVED', :t)")
                    .bind("s", sha256).bind("f", ReportResultRows.clip(fileName, 500)).bind("b", bytes).bind("t", ReportResultRows.now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Received(id, true);
        });
    }

    /**
     * Marks every document received before {@code runStarted} and still RECEIVED or PROCESSING as FAILED
     * ({@value #RESTARTED}): run by a starting server; rows this run received are left to its own workers.
     * Returns how many were marked.
     */
    public int failInterrupted(java.time.Instant runStarted) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE report_documents SET status = 'FAILED', problem = :p, "
                        + "detail = :d, finished_at = :f WHERE status IN ('RECEIVED', 'PROCESSING') AND received_at < :run")
                .bind("p", RESTARTED).bind("d", "服务重启，处理中断，请重新上传同一文件重新处理").bind("f", ReportResultRows.now())
                .bind("run", runStarted.atOffset(java.time.ZoneOffset.UTC)).execute());
    }

    /** The content hashes of every stored document. */
    public java.util.Set<String> hashes() {
        return jdbi.withHandle(h -> new java.util.HashSet<>(h.createQuery("SELECT sha256 FROM report_documents")
                .mapTo(String.class).list()));
    }

    @Override
    public void status(long id, DocumentStatus status, String problem, String detail) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE report_documents SET status = :st, problem = :p, detail = :d, "
                        + "finished_at = :f WHERE id = :id")
                .bind("st", status.name()).bind("p", problem).bind("d", ReportResultRows.clip(detail, 2000))
                .bind("f", status == DocumentStatus.DONE || status == DocumentStatus.FAILED ? ReportResultRows.now() : null)
                .bind("id", id).execute());
    }

    @Override
    public void save(long id, ReportPipeline.Result r) {
        jdbi.useTransaction(h -> ReportResultRows.save(h, id, r));
    }

    @Override
    public Optional<StoredReport> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_documents WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> document(rs)).findOne());
    }

    @Override
    public List<StoredReport> list(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_documents ORDER BY id DESC").setMaxRows(limit)
                .map((rs, ctx) -> document(rs)).list());
    }

    @Override
    public List<KeyIndicator> indicators(long id) {
        return jdbi.withHandle(h -> indicators(h, "document_id = :k", id));
    }

    private static List<KeyIndicator> indicators(Handle h, String where, Object key) {
        Map<Indicator, Map<String, Value>> by = new EnumMap<>(Indicator.class);
        Map<Indicator, String> labels = new EnumMap<>(Indicator.class);
        h.createQuery("SELECT * FROM report_values WHERE " + where).bind("k", key).map((rs, ctx) -> {
            Indicator i = Indicator.valueOf(rs.getString("indicator"));
            labels.put(i, rs.getString("label"));
            by.computeIfAbsent(i, x -> new java.util.HashMap<>()).put(rs.getString("period_role"), value(rs));
            return i;
        }).list();
        List<KeyIndicator> out = new ArrayList<>();
        by.forEach((i, roles) -> out.add(new KeyIndicator(i, labels.get(i), roles.get("current"), roles.get("prior"), roles.get("change"))));
        return out;
    }

    private static Value value(ResultSet rs) throws SQLException {
        BigDecimal n = rs.getBigDecimal("amount");
        CellRef ref = new CellRef(rs.getInt("page_no"), new Box(rs.getFloat("box_x"), rs.getFloat("box_y"), rs.getFloat("box_w"),
                rs.getFloat("box_h")), rs.getString("cell_text"));
        return new Value(n == null ? null : n.stripTrailingZeros(), Unit.valueOf(rs.getString("unit_label")), ref);
    }

    /** In the report's own order of indicators (the pipeline's and the news text's), not by the indicator's name. */
    @Override
    public List<Anomaly> anomalies(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_anomalies WHERE document_id = :d")
                .bind("d", id).map((rs, ctx) -> new Anomaly(Indicator.valueOf(rs.getString("indicator")),
                        Anomaly.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("change_amount"),
                        Unit.valueOf(rs.getString("unit_label")), rs.getString("statement"), null)).list())
                .stream().sorted(java.util.Comparator.comparing(Anomaly::indicator)).toList();
    }

    @Override
    public Optional<NewsItem> news(long id) {
        return jdbi.withHandle(h -> {
            List<CellRef> sources = indicators(h, "document_id = :k", id).stream()
                    .flatMap(k -> java.util.stream.Stream.of(k.current(), k.prior(), k.change()))
                    .filter(java.util.Objects::nonNull).map(Value::source).toList();
            return h.createQuery("SELECT * FROM report_news WHERE document_id = :d").bind("d", id)
                    .map((rs, ctx) -> new NewsItem(rs.getString("headline"), rs.getString("body"),
                            NewsItem.Status.valueOf(rs.getString("status")), sources, split(rs.getString("quotes")),
                            split(rs.getString("problems")))).findOne();
        });
    }

    @Override
    public List<Section> sections(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_sections WHERE document_id = :d ORDER BY seq")
                .bind("d", id).map((rs, ctx) -> {
                    int parent = rs.getInt("parent_seq");
                    if (rs.wasNull()) parent = -1;
                    return new Section(rs.getInt("depth"), rs.getString("title"), rs.getInt("page_no"), parent, rs.getInt("toc_page"));
                }).list());
    }

    @Override
    public List<Paragraph> paragraphs(long id, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_paragraphs WHERE document_id = :d AND seq >= :o ORDER BY seq")
                .bind("d", id).bind("o", offset).setMaxRows(limit)
                .map((rs, ctx) -> new Paragraph(rs.getInt("page_no"), rs.getString("section_title"), rs.getString("body"))).list());
    }

    @Override
    public List<MainBusiness> mainBusiness(long id) {
        return jdbi.withHandle(h -> {
            Map<Integer, Map<String, Value>> values = new java.util.HashMap<>();
            h.createQuery("SELECT * FROM report_main_business_values WHERE document_id = :d").bind("d", id).map((rs, ctx) -> {
                values.computeIfAbsent(rs.getInt("seq"), x -> new java.util.HashMap<>()).put(rs.getString("measure"), mbValue(rs));
                return 0;
            }).list();
            return h.createQuery("SELECT * FROM report_main_business WHERE document_id = :d ORDER BY seq").bind("d", id)
                    .map((rs, ctx) -> {
                        Map<String, Value> v = values.getOrDefault(rs.getInt("seq"), Map.of());
                        return new MainBusiness(rs.getString("dimension"), rs.getString("segment"), v.get("revenue"), v.get("cost"),
                                v.get("margin"), v.get("revenue_change"), v.get("cost_change"), v.get("margin_change"));
                    }).list();
        });
    }

    private static Value mbValue(ResultSet rs) throws SQLException {
        BigDecimal n = rs.getBigDecimal("amount");
        int page = rs.getInt("page_no");
        CellRef ref = rs.wasNull() ? null : new CellRef(page, new Box(rs.getFloat("box_x"), rs.getFloat("box_y"),
                rs.getFloat("box_w"), rs.getFloat("box_h")), rs.getString("cell_text"));
        return new Value(n == null ? null : n.stripTrailingZeros(), Unit.valueOf(rs.getString("unit_label")), ref);
    }

    @Override
    public void updateNews(long id, NewsItem news, String actor) {
        jdbi.useTransaction(h -> ReportResultRows.news(h, id, news, actor));
    }

    /** Documents whose news a reviewer edited and then approved (published), oldest first. */
    public List<Long> approvedEdits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT document_id FROM report_news WHERE status = 'PUBLISHED' AND edited "
                + "ORDER BY document_id").mapTo(Long.class).list());
    }

    /** The stored anomalies with their chosen explanation sentences and the indicators they were detected on, in report order. */
    public List<MatchedAnomaly> matched(long id) {
        Map<Indicator, KeyIndicator> inds = new EnumMap<>(Indicator.class);
        indicators(id).forEach(k -> inds.put(k.indicator(), k));
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_anomalies WHERE document_id = :d")
                .bind("d", id).map((rs, ctx) -> {
                    Indicator i = Indicator.valueOf(rs.getString("indicator"));
                    String text = rs.getString("explanation");
                    Explanation e = text == null ? null
                            : new Explanation(text, null, Explanation.Source.NARRATIVE, rs.getInt("explanation_page"), null);
                    return new MatchedAnomaly(new Anomaly(i, Anomaly.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("change_amount"),
                            Unit.valueOf(rs.getString("unit_label")), rs.getString("statement"), inds.get(i)), e, rs.getDouble("score"));
                }).list()).stream().sorted(java.util.Comparator.comparing((MatchedAnomaly m) -> m.anomaly().indicator())).toList();
    }

    @Override
    public List<HistoryPoint> history(String companyCode, Indicator indicator) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.id, d.period_label, v.* FROM report_values v JOIN report_documents d "
                        + "ON d.id = v.document_id WHERE d.company_code = :c AND v.indicator = :i AND v.period_role IN ('current', 'change') "
                        + "ORDER BY d.period_label DESC, d.id DESC")
                .bind("c", companyCode).bind("i", indicator.name()).map((rs, ctx) -> new Object[]{rs.getLong(1), rs.getString(2),
                        rs.getString("period_role"), value(rs)}).list()).stream()
                .collect(java.util.stream.Collectors.groupingBy(r -> (Long) r[0], java.util.LinkedHashMap::new, java.util.stream.Collectors.toList()))
                .values().stream().map(rows -> {
                    Value cur = null, chg = null;
                    for (Object[] r : rows) if ("current".equals(r[2])) cur = (Value) r[3]; else chg = (Value) r[3];
                    return new HistoryPoint((Long) rows.get(0)[0], (String) rows.get(0)[1], cur, chg);
                }).toList();
    }

    private static StoredReport document(ResultSet rs) throws SQLException {
        String type = rs.getString("report_type");
        ReportInfo info = type == null ? null : new ReportInfo(rs.getString("company_code"), rs.getString("company_name"),
                ReportInfo.ReportType.valueOf(type), rs.getString("period_label"));
        return new StoredReport(rs.getLong("id"), rs.getString("file_name"), rs.getString("sha256"),
                DocumentStatus.valueOf(rs.getString("status")), rs.getString("problem"), rs.getString("detail"), info,
                rs.getInt("page_count"), instant(rs.getTimestamp("received_at")), instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(ReportResultRows.SEP));
    }
}
