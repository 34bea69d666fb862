package dev.zhiyu.server.reports;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.explain.Explanation;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import dev.zhiyu.reports.tables.CellRef;
import dev.zhiyu.reports.tables.Table;
import org.jdbi.v3.core.Handle;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes what the pipeline made of one document into the report tables, in the caller's transaction. */
final class ReportResultRows {
    /** Separates the items of a list stored in one text column. */
    static final String SEP = "\u001F";

    private ReportResultRows() {
    }

    static void save(Handle h, long id, ReportPipeline.Result r) {
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
    static void news(Handle h, long id, NewsItem n, String actor) {
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

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
