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
import dev.zhiyu.reports.tables.Table;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ReportStore} on a tenant's database (tables from the reports module's Flyway migration). */
public final class JdbiReportStore implements ReportStore {
    private static final String SEP = "\u001F";
    private final Jdbi jdbi;

    public JdbiReportStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Problem code of a document whose processing a server restart cut off. */
    public static final String RESTARTED = "SERVER_RESTART";

    /**
     * A file seen before is that document again (created=false), unless it failed: then it is received afresh under
     * the same id (created=true, processed again), so re-submitting a file that failed or was cut off works.
     */
    @Override
    public Received receive(String fileName, String sha256, long bytes) {
        return jdbi.inTransaction(h -> {
            Optional<Long> existing = h.createQuery("SELECT id FROM report_documents WHERE sha256 = :s").bind("s", sha256)
                    .mapTo(Long.class).findOne();
            if (existing.isPresent()) {
                int again = h.createUpdate("UPDATE report_documents SET status = 'RECEIVED', problem = NULL, detail = NULL, "
                                + "file_name = :f, received_at = :t, finished_at = NULL WHERE id = :id AND status = 'FAILED'")
                        .bind("f", clip(fileName, 500)).bind("t", now()).bind("id", existing.get()).execute();
                return new Received(existing.get(), again == 1);
            }
            long id = h.createUpdate("INSERT INTO report_documents (sha256, file_name, byte_count, status, received_at) "
                            + "VALUES (:s, :f, :b, 'RECEIVED', :t)")
                    .bind("s", sha256).bind("f", clip(fileName, 500)).bind("b", bytes).bind("t", now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Received(id, true);
        });
    }

    /**
     * Marks every document still RECEIVED or PROCESSING as FAILED ({@value #RESTARTED}): run by a starting server,
     * when no processing of this database can be under way. Returns how many were marked.
     */
    public int failInterrupted() {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE report_documents SET status = 'FAILED', problem = :p, "
                        + "detail = :d, finished_at = :f WHERE status IN ('RECEIVED', 'PROCESSING')")
                .bind("p", RESTARTED).bind("d", "服务重启，处理中断，请重新上传").bind("f", now()).execute());
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
                .bind("st", status.name()).bind("p", problem).bind("d", clip(detail, 2000))
                .bind("f", status == DocumentStatus.DONE || status == DocumentStatus.FAILED ? now() : null)
                .bind("id", id).execute());
    }

    @Override
    public void save(long id, ReportPipeline.Result r) {
        jdbi.useTransaction(h -> {
            ReportInfo info = r.report().info();
            h.createUpdate("UPDATE report_documents SET status = 'DONE', problem = NULL, detail = NULL, company_code = :c, "
                            + "company_name = :n, report_type = :t, period_label = :p, page_count = :pc, finished_at = :f WHERE id = :id")
                    .bind("c", info.code()).bind("n", info.company()).bind("t", info.type().name()).bind("p", info.period())
                    .bind("pc", r.report().pageCount()).bind("f", now()).bind("id", id).execute();
            sections(h, id, r.report().sections());
            paragraphs(h, id, r.report().paragraphs());
            mainBusiness(h, id, r.report().mainBusiness());
            tables(h, id, r.report().tables());
            values(h, id, r.report().indicators());
            anomalies(h, id, r.matched());
            explanations(h, id, r.candidates());
            news(h, id, r.news(), "pipeline");
        });
    }

    private static void sections(Handle h, long id, List<Section> sections) {
        var b = h.prepareBatch("INSERT INTO report_sections (document_id, seq, depth, title, page_no, parent_seq, toc_page) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            b.add(id, i, s.level(), clip(s.title(), 500), s.page(), s.parent() < 0 ? null : s.parent(), s.tocPage());
        }
        if (!sections.isEmpty()) b.execute();
    }

    private static void paragraphs(Handle h, long id, List<Paragraph> paragraphs) {
        var b = h.prepareBatch("INSERT INTO report_paragraphs (document_id, seq, page_no, section_title, body) VALUES (?, ?, ?, ?, ?)");
        for (int i = 0; i < paragraphs.size(); i++) {
            Paragraph p = paragraphs.get(i);
            b.add(id, i, p.page(), clip(p.section() == null ? "" : p.section(), 500), clip(p.text(), 20000));
        }
        if (!paragraphs.isEmpty()) b.execute();
    }

    private static final List<String> MEASURES = List.of("revenue", "cost", "margin", "revenue_change", "cost_change", "margin_change");

    private static List<Value> measures(MainBusiness m) {
        return Arrays.asList(m.revenue(), m.cost(), m.margin(), m.revenueChange(), m.costChange(), m.marginChange());
    }

    private static void mainBusiness(Handle h, long id, List<MainBusiness> rows) {
        if (rows.isEmpty()) return;
        var b = h.prepareBatch("INSERT INTO report_main_business (document_id, seq, dimension, segment) VALUES (?, ?, ?, ?)");
        var v = h.prepareBatch("INSERT INTO report_main_business_values (document_id, seq, measure, amount, unit_label, page_no, "
                + "box_x, box_y, box_w, box_h, cell_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (int i = 0; i < rows.size(); i++) {
            MainBusiness m = rows.get(i);
            b.add(id, i, clip(m.dimension(), 16), clip(m.segment(), 200));
            List<Value> values = measures(m);
            for (int j = 0; j < MEASURES.size(); j++) {
                Value x = values.get(j);
                if (x == null) continue;
                CellRef s = x.source();
                Box box = s == null ? null : s.box();
                v.add(id, i, MEASURES.get(j), x.number(), x.unit().name(), s == null ? null : s.page(),
                        box == null ? null : box.x(), box == null ? null : box.y(), box == null ? null : box.width(),
                        box == null ? null : box.height(), s == null ? null : clip(s.text(), 200));
            }
        }
        b.execute();
        if (v.size() > 0) v.execute();
    }

    private static void tables(Handle h, long id, List<Table> tables) {
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            long tid = h.createUpdate("INSERT INTO report_tables (document_id, seq, first_page, last_page, caption, unit_text, method) "
                            + "VALUES (:d, :s, :f, :l, :c, :u, :m)")
                    .bind("d", id).bind("s", i).bind("f", t.page()).bind("l", t.lastPage()).bind("c", clip(t.caption(), 1000))
                    .bind("u", clip(t.unit(), 200)).bind("m", t.method()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            var b = h.prepareBatch("INSERT INTO report_cells (table_id, row_no, col_no, cell_text, page_no, box_x, box_y, box_w, box_h) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (int r = 0; r < t.rows().size(); r++) {
                List<Table.Cell> row = t.rows().get(r);
                for (int c = 0; c < row.size(); c++) {
                    CellRef s = row.get(c).source();
                    Box x = s == null ? null : s.box();
                    b.add(tid, r, c, clip(row.get(c).text(), 4000), s == null ? null : s.page(),
                            x == null ? null : x.x(), x == null ? null : x.y(), x == null ? null : x.width(), x == null ? null : x.height());
                }
            }
            if (b.size() > 0) b.execute();
        }
    }

    private static void values(Handle h, long id, List<KeyIndicator> indicators) {
        var b = h.prepareBatch("INSERT INTO report_values (document_id, indicator, label, period_role, amount, unit_label, page_no, "
                + "box_x, box_y, box_w, box_h, cell_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (KeyIndicator k : indicators) {
            Map<String, Value> roles = new java.util.LinkedHashMap<>();
            roles.put("current", k.current());
            roles.put("prior", k.prior());
            roles.put("change", k.change());
            roles.forEach((role, v) -> {
                if (v == null) return;
                CellRef s = v.source();
                b.add(id, k.indicator().name(), clip(k.label(), 200), role, v.number(), v.unit().name(), s.page(),
                        s.box().x(), s.box().y(), s.box().width(), s.box().height(), clip(s.text(), 200));
            });
        }
        if (b.size() > 0) b.execute();
    }

    private static void anomalies(Handle h, long id, List<MatchedAnomaly> matched) {
        for (MatchedAnomaly m : matched) {
            Anomaly a = m.anomaly();
            Explanation e = m.explanation();
            h.createUpdate("INSERT INTO report_anomalies (document_id, indicator, kind, change_amount, unit_label, statement, "
                            + "explanation, explanation_page, score) VALUES (:d, :i, :k, :c, :u, :s, :e, :p, :sc)")
                    .bind("d", id).bind("i", a.indicator().name()).bind("k", a.kind().name()).bind("c", a.change())
                    .bind("u", a.unit().name()).bind("s", clip(a.statement(), 500)).bind("e", e == null ? null : clip(e.text(), 4000))
                    .bind("p", e == null ? null : e.page()).bind("sc", m.score()).execute();
        }
    }

    private static void explanations(Handle h, long id, List<Explanation> candidates) {
        var b = h.prepareBatch("INSERT INTO report_explanations (document_id, source_kind, subject, page_no, section, sentence) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        for (Explanation e : candidates)
            b.add(id, e.source().name(), clip(e.subject(), 200), e.page(), clip(e.section(), 500), clip(e.text(), 4000));
        if (!candidates.isEmpty()) b.execute();
    }

    /** {@code edited} stays set once a reviewer changed the text; the pipeline's (re)draft clears it. */
    private static void news(Handle h, long id, NewsItem n, String actor) {
        boolean edited = !"pipeline".equals(actor) && h.createQuery("SELECT headline, body, edited FROM report_news WHERE document_id = :d")
                .bind("d", id).map((rs, ctx) -> rs.getBoolean(3) || !(rs.getString(1) + "\n" + rs.getString(2)).equals(n.text()))
                .findOne().orElse(false);
        h.createUpdate("DELETE FROM report_news WHERE document_id = :d").bind("d", id).execute();
        h.createUpdate("INSERT INTO report_news (document_id, headline, body, status, problems, quotes, updated_by, updated_at, edited) "
                        + "VALUES (:d, :h, :b, :s, :p, :q, :by, :at, :ed)")
                .bind("d", id).bind("ed", edited).bind("h", clip(n.headline(), 1000)).bind("b", clip(n.body(), 20000)).bind("s", n.status().name())
                .bind("p", clip(String.join(SEP, n.problems()), 4000)).bind("q", clip(String.join(SEP, n.quotes()), 20000))
                .bind("by", clip(actor, 200)).bind("at", now()).execute();
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

    @Override
    public List<Anomaly> anomalies(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_anomalies WHERE document_id = :d ORDER BY indicator")
                .bind("d", id).map((rs, ctx) -> new Anomaly(Indicator.valueOf(rs.getString("indicator")),
                        Anomaly.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("change_amount"),
                        Unit.valueOf(rs.getString("unit_label")), rs.getString("statement"), null)).list());
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
        jdbi.useTransaction(h -> news(h, id, news, actor));
    }

    /** Documents whose news a reviewer edited and then approved (published), oldest first. */
    public List<Long> approvedEdits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT document_id FROM report_news WHERE status = 'PUBLISHED' AND edited "
                + "ORDER BY document_id").mapTo(Long.class).list());
    }

    /** The stored anomalies with their chosen explanation sentences and the indicators they were detected on. */
    public List<MatchedAnomaly> matched(long id) {
        Map<Indicator, KeyIndicator> inds = new EnumMap<>(Indicator.class);
        indicators(id).forEach(k -> inds.put(k.indicator(), k));
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_anomalies WHERE document_id = :d ORDER BY indicator")
                .bind("d", id).map((rs, ctx) -> {
                    Indicator i = Indicator.valueOf(rs.getString("indicator"));
                    String text = rs.getString("explanation");
                    Explanation e = text == null ? null
                            : new Explanation(text, null, Explanation.Source.NARRATIVE, rs.getInt("explanation_page"), null);
                    return new MatchedAnomaly(new Anomaly(i, Anomaly.Kind.valueOf(rs.getString("kind")), rs.getBigDecimal("change_amount"),
                            Unit.valueOf(rs.getString("unit_label")), rs.getString("statement"), inds.get(i)), e, rs.getDouble("score"));
                }).list());
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
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(SEP));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
