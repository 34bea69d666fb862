package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.ParsedReport;
import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import dev.zhiyu.reports.tables.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects explanation candidates from where reports explain changes: "XX变动原因说明：…" notes, reason columns of
 * the change-analysis tables (text to the right of a row's numbers: the quarterly 变动情况及原因 table, banks'
 * 变动幅度超过30% tables), and causal sentences from reason places ({@link #reasonPlace}) before the financial
 * statements (第X节 财务报告), whose notes are mostly accounting-policy boilerplate. {@link Explainer} then keeps
 * only those about the anomaly's indicator.
 */
public final class ExplanationFinder {
    static final Pattern CAUSAL = Pattern.compile("主要系|主要是|主要原因|原因是|原因为|主要由于|由于|所致|导致|受.{1,20}影响|系本期|系报告期");
    private static final Pattern NOTE = Pattern.compile(
            "([\\p{IsHan}A-Za-z()（）]{2,24}?)(?:变动原因说明|变动原因|变动说明|变化原因|增减变动原因)[:：]\\s*([^。;；]{4,300})");
    private static final Pattern MDNA = Pattern.compile("管理层讨论与分析|经营情况讨论与分析|经营情况的讨论与分析|董事会报告");
    private static final Pattern REASON_HEADING = Pattern.compile("原因|情况说明|影响因素|变动情况|变动分析|讨论与分析|主营业务分析|财务状况|资产及负债|经营情况");
    private static final Pattern REASON_PHRASE = Pattern.compile("变动原因|原因说明|主要原因|情况说明|变化原因|原因如下");
    private static final Pattern SENTENCE_HEADING = Pattern.compile("[,，].*(主要原因|主要系|由于|原因是|原因为)|^[\\d一二三四五六七八九十]+[、.].*[,，]");
    private static final Pattern DATE = Pattern.compile("\\d{4}年\\d{1,2}月(\\d{1,2}日)?");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^[-+\\d.,%()]+");
    private static final Pattern TOTAL = Pattern.compile("^(合计|小计|总计|其他说明)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。；;])");

    private ExplanationFinder() {
    }

    public static List<Explanation> find(ParsedReport report) {
        Map<String, Explanation> out = new LinkedHashMap<>();
        for (Explanation e : notes(report.paragraphs())) out.putIfAbsent(e.text(), e);
        for (Explanation e : reasonCells(report.pages)) out.putIfAbsent(e.text(), e);
        int notesStart = report.sections().stream().filter(s -> s.level() == 1 && s.title().contains("财务报告"))
                .mapToInt(Section::page).max().orElse(Integer.MAX_VALUE);
        List<int[]> mdna = mdna(report.sections());
        String previousSection = null;
        for (Paragraph raw : report.paragraphs()) {
            if (raw.page() >= notesStart) break; // accounting-policy boilerplate, not the company's explanations
            Paragraph p = withSentenceHeading(raw, previousSection);
            previousSection = raw.section();
            if (!reasonPlace(p, mdna)) continue;
            for (String s : SENTENCE_END.split(p.text())) {
                String t = s.strip();
                if (t.length() >= 8 && t.length() <= 300 && CAUSAL.matcher(t).find())
                    out.putIfAbsent(t, new Explanation(t, null, Explanation.Source.NARRATIVE, p.page(), p.section()));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * A numbered list item ("1、本期经营活动产生的现金流量净额比上年同期减少36.63%,主要原因是本报" / "告期…增加。") can be
     * taken for a heading, cutting its sentence in two: a "heading" that reads as a sentence (a comma inside, 16+
     * characters) is put back in front of the first paragraph under it.
     */
    static Paragraph withSentenceHeading(Paragraph p, String previousSection) {
        String h = p.section() == null ? "" : p.section();
        if (h.equals(previousSection) || h.length() < 16 || !SENTENCE_HEADING.matcher(h).find()) return p;
        return new Paragraph(p.page(), p.section(), h + p.text());
    }

    /**
     * Where reports state reasons: the MD&A chapter (管理层讨论与分析, 经营情况讨论与分析, 董事会报告), a heading
     * about changes or reasons (the quarterly 主要会计数据、财务指标发生变动的情况、原因, 情况说明, 主要影响因素说明),
     * or a paragraph that says it gives a reason (变动原因, 原因说明, 主要原因, 情况说明). Causal sentences
     * elsewhere (legal cases, share changes, risk factors) are not the company explaining its figures.
     */
    static boolean reasonPlace(Paragraph p, List<int[]> mdna) {
        for (int[] r : mdna) if (p.page() >= r[0] && p.page() < r[1]) return true;
        return REASON_HEADING.matcher(p.section() == null ? "" : p.section()).find() || REASON_PHRASE.matcher(p.text()).find();
    }

    /** Page ranges [first, next chapter) of the MD&A chapters. */
    static List<int[]> mdna(List<Section> sections) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (s.level() != 1 || !MDNA.matcher(s.title()).find()) continue;
            int end = Integer.MAX_VALUE;
            for (int j = i + 1; j < sections.size(); j++) {
                if (sections.get(j).level() == 1 && sections.get(j).page() > s.page()) {
                    end = sections.get(j).page();
                    break;
                }
            }
            out.add(new int[] {s.page(), end});
        }
        return out;
    }

    static List<Explanation> notes(List<Paragraph> paragraphs) {
        List<Explanation> out = new ArrayList<>();
        for (Paragraph p : paragraphs) {
            Matcher m = NOTE.matcher(p.text());
            while (m.find()) {
                String subject = m.group(1).replaceAll("^(其中|其他|以及|和|及)", "");
                String reason = m.group(2).strip();
                if (!reason.startsWith("□") && !reason.startsWith("不适用") && !subject.matches(".*(包括|情况|说明).*"))
                    out.add(new Explanation(reason, subject, Explanation.Source.CHANGE_NOTE, p.page(), p.section()));
            }
        }
        return out;
    }

    /**
     * Reason-column cells: text right of a row's last number. Wrapped cells are centred on their row like labels,
     * so each right-hand fragment goes to the nearest row with numbers (within two line heights).
     */
    static List<Explanation> reasonCells(List<PageText> pages) {
        List<Explanation> out = new ArrayList<>();
        for (PageText page : pages) {
            if (page == null) continue;
            List<TextRow> numeric = page.rows().stream().filter(r -> r.numeric() && !r.label().isBlank()).toList();
            if (numeric.isEmpty()) continue;
            Map<TextRow, List<Segment>> parts = new LinkedHashMap<>();
            for (TextRow r : page.rows()) {
                for (Segment s : r.texts()) {
                    TextRow owner = r.numeric() ? r : nearest(numeric, s.box());
                    if (owner == null || s.box().x() < lastValueRight(owner) || page.furniture(s.box())) continue;
                    parts.computeIfAbsent(owner, k -> new ArrayList<>()).add(s);
                }
            }
            parts.forEach((row, segs) -> {
                segs.sort((a, b) -> Float.compare(a.box().y(), b.box().y()));
                StringBuilder b = new StringBuilder();
                segs.forEach(x -> b.append(x.text()));
                String reason = LEADING_NUMBER.matcher(b.toString()).replaceAll("");
                if (TOTAL.matcher(row.label()).find() || hanCount(reason) < 4) return;
                boolean reasonLike = CAUSAL.matcher(reason).find()
                        || underReasonHeader(page, segs.get(0).box()) && !DATE.matcher(reason).find();
                if (reason.length() >= 4 && reasonLike)
                    out.add(new Explanation(reason, Labels.normalize(row.label()), Explanation.Source.REASON_CELL, page.page(), ""));
            });
        }
        return out;
    }

    private static boolean underReasonHeader(PageText page, Box cell) {
        for (TextRow r : page.rows()) {
            if (r.numeric() || r.box().y() >= cell.y()) continue;
            for (Segment h : r.texts()) {
                boolean overlaps = Math.min(h.box().right(), cell.right()) > Math.max(h.box().x(), cell.x());
                if (overlaps && h.text().matches(".{0,6}(原因).{0,4}")) return true;
            }
        }
        return false;
    }

    static int hanCount(String s) {
        return (int) s.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
    }

    private static float lastValueRight(TextRow r) {
        return r.values().get(r.values().size() - 1).box().right();
    }

    private static TextRow nearest(List<TextRow> rows, Box b) {
        TextRow best = null;
        float bestD = Float.MAX_VALUE;
        for (TextRow r : rows) {
            Segment v = r.values().get(0);
            float d = Math.abs(v.box().centerY() - b.centerY());
            if (d < bestD) {
                bestD = d;
                best = r;
            }
        }
        return bestD <= 2.2f * b.height() ? best : null;
    }
}
