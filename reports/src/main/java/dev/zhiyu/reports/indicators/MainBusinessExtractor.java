package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Prose;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import dev.zhiyu.reports.tables.CellRef;
import dev.zhiyu.reports.tables.Labels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the main-business tables: a header whose first cell is 分行业/分产品/分地区 (also 分销售模式), then its rows.
 * A row with six values follows the regulator's template order (营业收入, 营业成本, 毛利率, then each one's change);
 * otherwise each value's column is named by the header text stacked above it. Tables run across pages, and a
 * 分产品/分地区 row inside a table switches the dimension under the same header.
 */
public final class MainBusinessExtractor {
    private static final Pattern DIMENSION = Pattern.compile("^分(行业|产品|地区|销售模式|渠道)$");
    private static final Pattern CHANGE = Pattern.compile("增减|比上年|变动|同比");
    private static final Pattern STOP = Pattern.compile("说明|合计|小计|总计");

    private MainBusinessExtractor() {
    }

    public static List<MainBusiness> extract(List<PageText> pages) {
        List<TextRow> rows = new ArrayList<>();
        for (PageText p : pages) if (p != null) p.rows().stream().filter(r -> r.numeric() || !p.furniture(r.box())).forEach(rows::add);
        List<MainBusiness> out = new ArrayList<>();
        List<TextRow> header = null;
        String dim = null;
        BigDecimal scale = BigDecimal.ONE;
        int lastNumeric = -100, rowsInDim = 0;
        for (int i = 0; i < rows.size(); i++) {
            TextRow r = rows.get(i);
            if (!r.numeric()) {
                boolean isDim = !r.texts().isEmpty() && DIMENSION.matcher(r.texts().get(0).text()).matches();
                if (isDim) {
                    List<TextRow> h = headerAround(rows, i);
                    if (h.stream().anyMatch(x -> text(x).contains("毛利率"))) {
                        header = h;
                        scale = scaleAbove(rows, i);
                    } else if (i - lastNumeric > 3) header = null; // a composition table, not the template
                    dim = header == null ? null : r.texts().get(0).text().substring(1);
                    rowsInDim = 0;
                } else if (dim != null && rowsInDim > 0 && (r.texts().size() > 1 || STOP.matcher(text(r)).find()
                        || Prose.level(text(r)) > 0)) {
                    dim = null;
                    header = null;
                }
                continue;
            }
            lastNumeric = i;
            if (dim == null || r.label().isBlank() || STOP.matcher(r.label()).find()) continue;
            MainBusiness m = read(dim, r, header, scale);
            rowsInDim++;
            if (m.revenue() == null) continue;
            String d = dim;
            if (out.stream().noneMatch(o -> o.dimension().equals(d) && o.segment().equals(m.segment()))) out.add(m);
        }
        if (out.isEmpty()) fromRevenueNote(rows).ifPresent(out::add);
        return out;
    }

    private static final Pattern NOTE_CAPTION = Pattern.compile("营业收入[和、及与]营业成本");

    /**
     * Reports without 分行业/分产品/分地区 tables (many semi-annual reports) still give the main business as a whole
     * in the notes' 营业收入和营业成本 table: the first (consolidated) 主营业务 row under a 收入/成本 column header
     * after that caption. Only its current revenue and cost are read, each from the cell the header names; the
     * dimension is 合计. The prior columns stay out: the record has no prior values, and no change is computed.
     */
    static java.util.Optional<MainBusiness> fromRevenueNote(List<TextRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            TextRow r = rows.get(i);
            if (!r.numeric() || !Labels.normalize(r.label()).equals("主营业务") || r.values().size() < 2) continue;
            List<TextRow> header = new ArrayList<>();
            boolean caption = false;
            for (int k = i - 1; k >= Math.max(0, i - 8) && !rows.get(k).numeric(); k--) {
                String t = text(rows.get(k));
                if (NOTE_CAPTION.matcher(t).find()) {
                    caption = true;
                    break;
                }
                header.add(rows.get(k));
            }
            if (!caption) continue;
            Value revenue = null, cost = null;
            BigDecimal scale = scaleAbove(rows, i);
            for (Segment v : r.values()) {
                String h = KeyIndicatorExtractor.headerOver(v.box(), header);
                if (revenue == null && h.contains("收入") && !h.contains("上期") && !h.contains("上年"))
                    revenue = value(v, r.page(), 0, scale);
                else if (revenue != null && cost == null && h.contains("成本") && !h.contains("上期") && !h.contains("上年"))
                    cost = value(v, r.page(), 1, scale);
            }
            if (revenue == null || revenue.missing()) continue;
            return java.util.Optional.of(new MainBusiness("合计", "主营业务", revenue, cost, null, null, null, null));
        }
        return java.util.Optional.empty();
    }

    private static List<TextRow> headerAround(List<TextRow> rows, int i) {
        List<TextRow> h = new ArrayList<>();
        for (int k = Math.max(0, i - 3); k < Math.min(rows.size(), i + 4); k++) {
            if (k > i && rows.get(k).numeric()) break;
            if (!rows.get(k).numeric()) h.add(rows.get(k));
        }
        return h;
    }

    private static BigDecimal scaleAbove(List<TextRow> rows, int i) {
        for (int k = i; k >= Math.max(0, i - 8); k--) {
            var s = Numbers.scale(text(rows.get(k)));
            if (s.isPresent() && text(rows.get(k)).contains("单位")) return s.get();
        }
        return BigDecimal.ONE;
    }

    private static MainBusiness read(String dim, TextRow row, List<TextRow> header, BigDecimal scale) {
        Value[] v = new Value[6];
        List<Segment> values = row.values();
        for (int c = 0; c < values.size(); c++) {
            Segment s = values.get(c);
            String h = KeyIndicatorExtractor.headerOver(s.box(), header);
            int slot = values.size() == 6 ? c : slot(h);
            if (slot < 0 || v[slot] != null) continue;
            v[slot] = value(s, row.page(), slot, scale);
        }
        return new MainBusiness(dim, Labels.normalize(row.label()), v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** 0 revenue, 1 cost, 2 margin, 3 revenue change, 4 cost change, 5 margin change. */
    private static int slot(String header) {
        boolean change = CHANGE.matcher(header).find();
        if (header.contains("毛利率")) return change ? 5 : 2;
        if (header.contains("成本")) return change ? 4 : 1;
        if (header.contains("收入")) return change ? 3 : 0;
        return -1;
    }

    private static Value value(Segment s, int page, int slot, BigDecimal scale) {
        CellRef ref = new CellRef(page, s.box(), s.text());
        var p = Numbers.parse(s.text()).orElseThrow();
        if (p.number() == null) return new Value(null, Unit.NONE, ref);
        return switch (slot) {
            case 0, 1 -> new Value(p.number().multiply(scale), Unit.YUAN, ref);
            case 5 -> new Value(p.number(), Unit.PERCENTAGE_POINT, ref);
            default -> new Value(p.number(), Unit.PERCENT, ref);
        };
    }

    private static String text(TextRow r) {
        StringBuilder b = new StringBuilder(r.label());
        r.texts().forEach(s -> b.append(s.text()));
        return b.toString();
    }
}
