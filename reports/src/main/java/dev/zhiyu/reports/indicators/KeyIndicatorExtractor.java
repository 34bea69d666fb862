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
    private static final Pattern BEFORE_RESTATEMENT = Pattern.compile("调整前|重述前|追溯前");
    private static final Pattern QUARTERS = Pattern.compile("分季度主要(会计数据|财务指标|财务数据)");
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
            if (found.size() >= 3) return withProse(found, pages);
        }
        return List.of();
    }

    /** The table's rows, then ratios the report states only in its text (never overriding a table row). */
    private static List<KeyIndicator> withProse(List<KeyIndicator> table, List<PageText> pages) {
        Map<Indicator, KeyIndicator> all = new EnumMap<>(Indicator.class);
        for (KeyIndicator k : table) all.put(k.indicator(), k);
        ProseIndicators.find(pages).forEach(all::putIfAbsent);
        return List.copyOf(all.values());
    }

    /**
     * The quarters of the 分季度主要财务指标 table: for each flow amount printed there with four values, the four
     * quarters in order (to check against the period with {@link RowCheck#partsProblem}).
     */
    public static Map<Indicator, List<Value>> quarterParts(List<PageText> pages) {
        Map<Indicator, List<Value>> out = new EnumMap<>(Indicator.class);
        List<TextRow> rows = new ArrayList<>();
        for (PageText p : pages) if (p != null) rows.addAll(p.rows().stream().filter(r -> !furniture(r, p)).toList());
        BigDecimal scale = BigDecimal.ONE;
        int startPage = -1;
        for (TextRow r : rows) {
            if (!r.numeric()) {
                String t = text(r);
                if (startPage < 0 && QUARTERS.matcher(t).find() && !TOC.matcher(t).find()) startPage = r.page();
                else if (startPage >= 0 && TOP_HEADING.matcher(t).find()) break;
                if (startPage >= 0) scale = Numbers.scale(t).orElse(scale);
                continue;
            }
            if (startPage < 0) continue;
            if (r.page() > startPage + 1) break;
            var ind = Indicator.fromLabel(r.label());
            if (ind.isEmpty() || ind.get().kind() != Indicator.Kind.AMOUNT || ind.get().isStock() || r.values().size() != 4) continue;
            BigDecimal rowScale = Numbers.scale(r.label()).orElse(scale);
            List<Value> quarters = new ArrayList<>();
            for (Segment s : r.values()) quarters.add(value(ind.get(), s, r.page(), rowScale));
            out.putIfAbsent(ind.get(), List.copyOf(quarters));
        }
        return out;
    }

    private static boolean furniture(TextRow r, PageText p) {
        return !r.numeric() && (r.box().bottom() < p.height() * 0.07f || r.box().y() > p.height() * 0.93f);
    }

    private static List<KeyIndicator> fromSection(List<TextRow> rows, int start) {
        Map<Indicator, KeyIndicator> found = new EnumMap<>(Indicator.class);
        List<TextRow> header = new ArrayList<>();
        List<Pending> block = new ArrayList<>();
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
                if (lastNumeric && inValueColumns) {
                    readBlock(block, header, found);
                    header.clear();
                }
                if (inValueColumns || !lastNumeric) header.add(r);
                scale = Numbers.scale(t).orElse(scale);
                lastNumeric = false;
                continue;
            }
            lastNumeric = true;
            valueX = r.values().get(0).box().x();
            block.add(new Pending(r, Numbers.scale(r.label()).orElse(scale)));
        }
        readBlock(block, header, found);
        return List.copyOf(found.values());
    }

    /** A value row waiting for its table's column grid, with the unit scale in force where it was printed. */
    private record Pending(TextRow row, BigDecimal scale) {
    }

    private static void readBlock(List<Pending> block, List<TextRow> header, Map<Indicator, KeyIndicator> found) {
        Columns columns = Columns.of(block.stream().map(Pending::row).toList(), header);
        for (Pending p : block) {
            var ind = Indicator.fromLabel(p.row().label());
            if (ind.isEmpty() || found.containsKey(ind.get())) continue;
            KeyIndicator k = read(ind.get(), p.row(), columns, p.scale());
            if (k != null) found.put(ind.get(), k);
        }
        block.clear();
    }

    private static KeyIndicator read(Indicator ind, TextRow r, Columns columns, BigDecimal scale) {
        List<Segment> values = r.values();
        int change = -1;
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String h = columns.headerOf(values.get(i));
            if (change < 0 && CHANGE.matcher(h).find()) change = i;
            else if (!BEFORE_RESTATEMENT.matcher(h).find()) plain.add(i);
        }
        if (change < 0 && !columns.names(CHANGE) && values.size() >= 3) {
            change = 2;
            plain.remove(Integer.valueOf(2));
        }
        if (plain.isEmpty()) return null;
        Value cur = value(ind, values.get(plain.get(0)), r.page(), scale);
        Value prior = plain.size() > 1 ? value(ind, values.get(plain.get(1)), r.page(), scale) : null;
        Value chg = change >= 0
                ? changeValue(ind, values.get(change), r.page(), columns.headerOf(values.get(change)).contains("百分点"), cur, prior)
                : textChange(r, columns, ind);
        return new KeyIndicator(ind, r.label(), cur, prior, chg);
    }

    /** A change cell printed as words (上年同期为负, 不适用 …) under the change header: a missing change, with its cell. */
    private static Value textChange(TextRow r, Columns columns, Indicator ind) {
        for (Segment t : r.texts()) {
            if (CHANGE.matcher(columns.headerOf(t)).find())
                return new Value(null, ind.kind() == Indicator.Kind.RATIO ? Unit.PERCENTAGE_POINT : Unit.PERCENT,
                        new CellRef(r.page(), t.box(), t.text()));
        }
        return null;
    }

    /** The header text stacked above a cell: every header segment overlapping it horizontally, top-down. */
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

    /**
     * The printed change. A ratio's change is in percentage points when the header or cell says so, or when the
     * printed number is the difference of the printed ratios (Shenzhen tables print "-1.77%" for points); a ratio
     * whose printed change is the relative change keeps percent.
     */
    static Value changeValue(Indicator ind, Segment s, int page, boolean pointsHeader, Value cur, Value prior) {
        CellRef ref = new CellRef(page, s.box(), s.text());
        var p = Numbers.parse(s.text()).orElseThrow();
        boolean points = p.points() || pointsHeader
                || ind.kind() == Indicator.Kind.RATIO && (p.number() == null || !relative(p.number(), cur, prior));
        return new Value(p.number(), points ? Unit.PERCENTAGE_POINT : Unit.PERCENT, ref);
    }

    /** The printed number is the relative change of the values and not their difference. */
    private static boolean relative(BigDecimal printed, Value cur, Value prior) {
        if (cur == null || prior == null || cur.missing() || prior.missing() || prior.number().signum() == 0) return false;
        BigDecimal diff = cur.number().subtract(prior.number());
        if (diff.subtract(printed).abs().compareTo(new BigDecimal("0.011")) <= 0) return false;
        BigDecimal rel = diff.multiply(BigDecimal.valueOf(100)).divide(prior.number().abs(), java.math.MathContext.DECIMAL64);
        return rel.subtract(printed).abs().compareTo(new BigDecimal("0.06")) <= 0;
    }

    private static String text(TextRow r) {
        StringBuilder b = new StringBuilder(r.label());
        for (Segment s : r.texts()) b.append(s.text());
        return b.toString().replaceAll("\\s+", "");
    }
}
