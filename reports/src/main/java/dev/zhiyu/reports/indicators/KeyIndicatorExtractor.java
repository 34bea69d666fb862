package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import dev.zhiyu.reports.tables.CellRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the 主要会计数据和财务指标 section and reads its rows from the text layer. Column roles come from the
 * header lines above each run of rows (a header naming 增减/变动 marks the change column; 百分点 makes it points),
 * falling back to the regulator's template order (current, prior, change) when no header covers a value.
 */
public final class KeyIndicatorExtractor {
    private static final Pattern START = Pattern.compile("主要会计数据|主要财务数据|主要财务指标");
    private static final Pattern TOC = Pattern.compile("\\.{4,}|…{2,}|·{4,}|目录");
    private static final Pattern TOP_HEADING = Pattern.compile("^(第[一二三四五六七八九十]+节|[一二三四五六七八九十]+、)");
    private static final Pattern STOP = Pattern.compile("分季度|非经常性损益项目|境内外会计准则|主营业务分析");
    private static final Pattern CHANGE = Pattern.compile("增减|变动|变化|增长|比上年|同比|百分点|幅度");
    private static final int MAX_PAGES = 3;

    private KeyIndicatorExtractor() {
    }

    public static List<KeyIndicator> extract(List<PageText> pages) {
        List<TextRow> rows = new ArrayList<>();
        for (PageText p : pages) if (p != null) rows.addAll(p.rows().stream().filter(r -> !furniture(r, p)).toList());
        for (int i = 0; i < rows.size(); i++) {
            TextRow r = rows.get(i);
            if (r.numeric() || !START.matcher(text(r)).find() || TOC.matcher(text(r)).find()) continue;
            List<KeyIndicator> found = fromSection(rows, i);
            if (found.size() >= 3) return found;
        }
        return List.of();
    }

    private static boolean furniture(TextRow r, PageText p) {
        return !r.numeric() && (r.box().bottom() < p.height() * 0.07f || r.box().y() > p.height() * 0.93f);
    }

    private static List<KeyIndicator> fromSection(List<TextRow> rows, int start) {
        Map<Indicator, KeyIndicator> found = new EnumMap<>(Indicator.class);
        List<TextRow> header = new ArrayList<>();
        boolean lastNumeric = false;
        BigDecimal scale = BigDecimal.ONE;
        float valueX = Float.MAX_VALUE;
        int startPage = rows.get(start).page();
        for (int i = start + 1; i < rows.size(); i++) {
            TextRow r = rows.get(i);
            if (r.page() > startPage + MAX_PAGES) break;
            if (!r.numeric()) {
                String t = text(r);
                if (STOP.matcher(t).find() || TOP_HEADING.matcher(t).find() && !START.matcher(t).find()) break;
                final float vx = valueX;
                boolean inValueColumns = r.texts().stream().anyMatch(x -> x.box().right() > vx);
                if (lastNumeric && inValueColumns) header.clear();
                if (inValueColumns || !lastNumeric) header.add(r);
                scale = Numbers.scale(t).orElse(scale);
                lastNumeric = false;
                continue;
            }
            lastNumeric = true;
            valueX = r.values().get(0).box().x();
            var ind = Indicator.fromLabel(r.label());
            if (ind.isEmpty() || found.containsKey(ind.get())) continue;
            BigDecimal rowScale = Numbers.scale(r.label()).orElse(scale);
            KeyIndicator k = read(ind.get(), r, header, rowScale);
            if (k != null) found.put(ind.get(), k);
        }
        return List.copyOf(found.values());
    }

    private static KeyIndicator read(Indicator ind, TextRow r, List<TextRow> header, BigDecimal scale) {
        List<Segment> values = r.values();
        int change = -1;
        boolean pointsHeader = false;
        for (int i = 0; i < values.size(); i++) {
            String h = headerOver(values.get(i).box(), header);
            if (CHANGE.matcher(h).find()) {
                change = i;
                pointsHeader = h.contains("百分点");
                break;
            }
        }
        if (change < 0 && values.size() >= 3) change = 2;
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) if (i != change) others.add(i);
        if (others.isEmpty()) return null;
        Value cur = value(ind, values.get(others.get(0)), r.page(), scale);
        Value prior = others.size() > 1 ? value(ind, values.get(others.get(1)), r.page(), scale) : null;
        Value chg = change >= 0 ? changeValue(values.get(change), r.page(), pointsHeader) : null;
        return new KeyIndicator(ind, r.label(), cur, prior, chg);
    }

    /** The header text stacked above a value cell: every header segment overlapping it horizontally, top-down. */
    static String headerOver(Box cell, List<TextRow> header) {
        StringBuilder b = new StringBuilder();
        for (TextRow h : header) {
            for (Segment s : h.texts()) {
                float overlap = Math.min(s.box().right(), cell.right()) - Math.max(s.box().x(), cell.x());
                if (overlap > 0) b.append(s.text());
            }
        }
        return b.toString();
    }

    static Value value(Indicator ind, Segment s, int page, BigDecimal scale) {
        CellRef ref = new CellRef(page, s.box(), s.text());
        var p = Numbers.parse(s.text()).orElseThrow();
        if (p.number() == null) return new Value(null, ind.unit(), ref);
        BigDecimal n = ind.kind() == Indicator.Kind.AMOUNT ? p.number().multiply(scale) : p.number();
        return new Value(n, ind.unit(), ref);
    }

    static Value changeValue(Segment s, int page, boolean pointsHeader) {
        CellRef ref = new CellRef(page, s.box(), s.text());
        var p = Numbers.parse(s.text()).orElseThrow();
        Unit u = p.points() || pointsHeader ? Unit.PERCENTAGE_POINT : Unit.PERCENT;
        return new Value(p.number(), u, ref);
    }

    private static String text(TextRow r) {
        StringBuilder b = new StringBuilder(r.label());
        for (Segment s : r.texts()) b.append(s.text());
        return b.toString().replaceAll("\\s+", "");
    }
}
