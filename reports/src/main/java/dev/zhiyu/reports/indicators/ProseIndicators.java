package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Fullwidth;
import dev.zhiyu.reports.pdf.Line;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.tables.CellRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ratios a report states only in its text (banks' quarterly reports give capital adequacy and asset quality in
 * sentences): "不良贷款率1.60%，比上年末下降0.08个百分点" and "核心一级资本充足率、一级资本充足率和资本充足率分别为9.04%、
 * 10.70%和12.80%，分别比上年末下降0.13、0.21、0.34个百分点". The current value and the printed change in points are
 * taken; the prior value is not printed, so it stays unknown (never computed here).
 */
final class ProseIndicators {
    private static final String NUM = "\\d+(?:\\.\\d+)?";
    private static final String AND = "[、和及与]";
    private static final String MOVE = "(比|较)上年(末|同期)(上升|下降|提高|增加|减少|降低)";
    private static final Pattern SINGLE = Pattern.compile("(\\p{IsHan}{2,30}?)为?(" + NUM + ")%,?" + MOVE + "(" + NUM + ")个百分点");
    private static final Pattern LIST = Pattern.compile("((?:\\p{IsHan}+" + AND + "){1,5}\\p{IsHan}+?)分别为((?:" + NUM + "%?" + AND
            + "){1,5}" + NUM + "%),?分别" + MOVE + "((?:" + NUM + AND + "){1,5}" + NUM + ")个百分点");
    private static final Pattern SPLIT = Pattern.compile(AND);
    private static final String POINTS = "个百分点";
    /** Longer than any statement of this kind (a list of three ratios, values and changes is about 80 characters). */
    private static final int WINDOW = 300;

    private ProseIndicators() {
    }

    /** Ratios stated in the text of {@code pages}, first statement of each indicator. */
    static Map<Indicator, KeyIndicator> find(List<PageText> pages) {
        Map<Indicator, KeyIndicator> out = new EnumMap<>(Indicator.class);
        for (PageText p : pages) {
            if (p == null) continue;
            List<Integer> starts = new ArrayList<>();
            String text = joined(p, starts);
            // Both patterns end in 个百分点: each is tried only in a window before one (a page-long run of Han
            // characters made the nested name list backtrack for a tenth of a 174-page report's parse).
            for (int[] w : windows(text)) {
                Matcher m = LIST.matcher(text).region(w[0], w[1]);
                while (m.find()) list(m, lineBox(p, starts, m.start(2)), p, out);
                m = SINGLE.matcher(text).region(w[0], w[1]);
                while (m.find()) {
                    Indicator ind = named(m.group(1));
                    if (ind != null) put(out, ind, m.group(2), m.group(6), m.group(5), m.group(4), p, lineBox(p, starts, m.start(2)));
                }
            }
        }
        return out;
    }

    /** [start, end) of the text up to each 个百分点, reaching back {@value #WINDOW} characters, not overlapping. */
    private static List<int[]> windows(String text) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(POINTS); at >= 0; at = text.indexOf(POINTS, at + 1)) {
            int end = at + POINTS.length();
            out.add(new int[]{Math.max(from, at - WINDOW), end});
            from = end;
        }
        return out;
    }

    private static void list(Matcher m, dev.zhiyu.reports.pdf.Box box, PageText p, Map<Indicator, KeyIndicator> out) {
        String[] names = SPLIT.split(m.group(1));
        String[] values = SPLIT.split(m.group(2));
        String[] changes = SPLIT.split(m.group(6));
        if (names.length != values.length || names.length != changes.length) return;
        for (int i = 0; i < names.length; i++) {
            Indicator ind = named(names[i]);
            if (ind != null) put(out, ind, values[i].replace("%", ""), changes[i], m.group(5), m.group(4), p, box);
        }
    }

    private static void put(Map<Indicator, KeyIndicator> out, Indicator ind, String value, String change, String direction,
                            String period, PageText p, dev.zhiyu.reports.pdf.Box box) {
        if (ind.kind() != Indicator.Kind.RATIO || out.containsKey(ind)) return;
        boolean yearEnd = period.equals("末");
        if (yearEnd != (ind.comparison() == Indicator.Comparison.PREVIOUS_YEAR_END)) return;
        BigDecimal points = new BigDecimal(change);
        if (direction.contains("下降") || direction.contains("减少") || direction.contains("降低")) points = points.negate();
        CellRef ref = new CellRef(p.page(), box, value + "%");
        out.put(ind, new KeyIndicator(ind, ind.chinese(), new Value(new BigDecimal(value), Unit.PERCENT, ref), null,
                new Value(points, Unit.PERCENTAGE_POINT, new CellRef(ref.page(), ref.box(), change + "个百分点"))));
    }

    /** The indicator a phrase ends with ("截至报告期末本集团核心一级资本充足率" → 核心一级资本充足率): longest suffix. */
    static Indicator named(String phrase) {
        for (int i = 0; i < phrase.length() - 1; i++) {
            var ind = Indicator.fromLabel(phrase.substring(i));
            if (ind.isPresent()) return ind.get();
        }
        return null;
    }

    /** The page's text without spaces; {@code starts} receives each line's offset in it. */
    private static String joined(PageText p, List<Integer> starts) {
        StringBuilder b = new StringBuilder();
        for (Line l : p.lines()) {
            starts.add(b.length());
            for (Segment s : l.segments()) b.append(Fullwidth.fold(s.text()).replaceAll("\\s+", "").replace('，', ','));
        }
        return b.toString();
    }

    /** The box of the line holding text offset {@code at}. */
    private static dev.zhiyu.reports.pdf.Box lineBox(PageText p, List<Integer> starts, int at) {
        int i = 0;
        while (i + 1 < starts.size() && starts.get(i + 1) <= at) i++;
        return p.lines().get(i).box();
    }
}
