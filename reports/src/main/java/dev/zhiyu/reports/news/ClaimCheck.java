package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.indicators.Amounts;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Statements;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every claim of a news text against the rows it names — the report's rows, not the writer's memory: the
 * number must be that indicator's value in that column (at the precision written), the row must agree with itself
 * ({@link RowCheck}), a change must be verifiable from the row, and the words must fit the indicator's kind
 * ({@link Statements}). Quotes must be verbatim from their sources; years and the code from the cover.
 */
public final class ClaimCheck {
    private static final Pattern SAME_PERIOD = Pattern.compile("同比|上年同期|去年同期");
    private static final Pattern YEAR_END = Pattern.compile("上年末|上年度末|年初");
    private static final Pattern UP = Pattern.compile("增长|增加|上升|提高");
    private static final Pattern DOWN = Pattern.compile("下降|减少|降低");

    /** What is wrong with a claim; WRONG_NUMBER and WRONG_WORDS make a published claim wrong. */
    public enum Problem {
        WRONG_NUMBER("数字与来源不符"), WRONG_WORDS("表述与指标性质或数据不符"), INCONSISTENT_ROW("该行数据自相矛盾"),
        UNVERIFIABLE("无法核对"), NO_SOURCE("数字无来源"), BAD_QUOTE("引文与原文不符");

        private final String chinese;

        Problem(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() { return chinese; }
    }

    public record Finding(Claim claim, Problem problem, String message) {
        @Override public String toString() { return message; }
    }

    /** The claims read and what was found wrong with them. */
    public record Result(List<Claim> claims, List<Finding> findings) {
        public List<String> messages() { return findings.stream().map(Finding::message).toList(); }
    }

    private final ReportInfo info;
    private final List<KeyIndicator> rows;
    private final List<MainBusiness> business;
    private final boolean rowsMustAgree;

    /**
     * @param rowsMustAgree true for extracted rows (a row failing {@link RowCheck} is not citable); false when the rows
     *                      are hand-checked truth
     */
    public ClaimCheck(ReportInfo info, List<KeyIndicator> rows, List<MainBusiness> business, boolean rowsMustAgree) {
        this.info = info;
        this.rows = rows;
        this.business = business;
        this.rowsMustAgree = rowsMustAgree;
    }

    public Result check(String text, List<String> quotes) {
        List<Finding> out = new ArrayList<>();
        Matcher q = ClaimReader.QUOTE.matcher(text);
        while (q.find()) if (quotes.stream().noneMatch(s -> s.contains(q.group(1))))
            out.add(new Finding(null, Problem.BAD_QUOTE, "引文与原文不符：「" + q.group(1) + "」"));
        List<Claim> claims = new ClaimReader(business.stream().map(MainBusiness::segment).toList()).read(text);
        for (Claim c : claims) check(c).ifPresent(out::add);
        return new Result(claims, out);
    }

    Optional<Finding> check(Claim c) {
        if (c.column() != Claim.Column.PHRASE && (c.unit().equals("年") || c.unit().isEmpty())) return cover(c);
        if (c.segment() != null) return segment(c);
        if (c.indicator() == null) return fail(c, Problem.NO_SOURCE, "未说明是哪项指标");
        KeyIndicator k = rows.stream().filter(r -> r.indicator() == c.indicator()).findFirst().orElse(null);
        if (k == null) return fail(c, Problem.NO_SOURCE, "报告中没有这项指标");
        if (rowsMustAgree) {
            Optional<String> bad = RowCheck.problem(k);
            if (bad.isPresent()) return fail(c, Problem.INCONSISTENT_ROW, bad.get() + "，不能引用");
        }
        Optional<Finding> words = Wording.problem(c, k);
        if (words.isPresent()) return words;
        return switch (c.column()) {
            case PHRASE -> Optional.empty();
            case CURRENT, PRIOR -> level(c, c.column() == Claim.Column.CURRENT ? k.current() : k.prior());
            case CHANGE -> change(c, k);
        };
    }

    private Optional<Finding> cover(Claim c) {
        if (c.unit().equals("年")) {
            int year = c.number().intValue();
            boolean ok = info.period() != null && info.period().length() >= 4
                    && (year == Integer.parseInt(info.period().substring(0, 4)) || year == Integer.parseInt(info.period().substring(0, 4)) - 1);
            return ok ? Optional.empty() : fail(c, Problem.WRONG_NUMBER, "年份与报告期不符");
        }
        return c.text().equals(info.code()) ? Optional.empty() : fail(c, Problem.NO_SOURCE, "数字无来源");
    }

    private Optional<Finding> level(Claim c, Value v) {
        if (v == null || v.missing()) return fail(c, Problem.NO_SOURCE, "报告中该列没有数值");
        BigDecimal claimed = claimedValue(c);
        if (claimed == null) return fail(c, Problem.WRONG_WORDS, "单位与指标性质不符");
        return equalAt(v.number(), claimed, c) ? Optional.empty()
                : fail(c, Problem.WRONG_NUMBER, "与报告" + c.column().chinese() + "数 " + v + " 不符");
    }

    /** The claimed value in the row's canonical unit (yuan, 元/股 or %), signed (亏损 X 元 is −X); null: unit mismatch. */
    private static BigDecimal claimedValue(Claim c) {
        Indicator.Kind kind = c.indicator() == null ? Indicator.Kind.AMOUNT : c.indicator().kind();
        boolean ok = switch (kind) {
            case AMOUNT -> c.unit().endsWith("元") && !c.unit().equals("元/股");
            case PER_SHARE -> c.unit().equals("元/股");
            case RATIO -> c.unit().equals("%");
        };
        if (!ok) return null;
        BigDecimal n = c.number();
        if (c.lead().contains("亏损") && n.signum() > 0) n = n.negate();
        return n;
    }

    /** Equal at the precision written (amounts rounded in the unit written). */
    private static boolean equalAt(BigDecimal actual, BigDecimal claimed, Claim c) {
        BigDecimal scale = c.unit().endsWith("元") && !c.unit().equals("元/股") ? Amounts.scaleOf(c.unit()) : BigDecimal.ONE;
        return actual.divide(scale, c.decimals(), RoundingMode.HALF_UP).compareTo(claimed) == 0;
    }

    private Optional<Finding> change(Claim c, KeyIndicator k) {
        boolean points = c.unit().equals("个百分点");
        if (!points && !c.unit().equals("%")) return fail(c, Problem.UNVERIFIABLE, "变动额无法核对，请写变动比例");
        if (k.current() == null || k.current().missing() || k.prior() == null || k.prior().missing())
            return fail(c, Problem.UNVERIFIABLE, "报告缺本期或上期数，变动无法核对");
        BigDecimal actual = points ? points(k) : percent(k);
        if (actual == null) return fail(c, Problem.UNVERIFIABLE, "上期为 0，变动比例无意义");
        boolean loss = c.lead().contains("收窄") || c.lead().contains("扩大");
        int claimedSign = loss ? 0 : UP.matcher(c.lead()).find() ? 1 : DOWN.matcher(c.lead()).find() ? -1 : 0;
        if (claimedSign != 0 && actual.signum() != 0 && claimedSign != actual.signum())
            return fail(c, Problem.WRONG_WORDS, "方向与报告相反（报告为 " + actual.stripTrailingZeros().toPlainString() + unitOf(points) + "）");
        return actual.abs().setScale(c.decimals(), RoundingMode.HALF_UP).compareTo(c.number().abs()) == 0 ? Optional.empty()
                : fail(c, Problem.WRONG_NUMBER, "与报告的变动 " + actual.stripTrailingZeros().toPlainString() + unitOf(points) + " 不符");
    }

    private static String unitOf(boolean points) {
        return points ? "个百分点" : "%";
    }

    /** The printed change if in %, else computed from current and prior (never across a zero prior). */
    static BigDecimal percent(KeyIndicator k) {
        if (k.change() != null && !k.change().missing() && k.change().unit() == Unit.PERCENT) return k.change().number();
        return AnomalyDetector.percentChange(new KeyIndicator(k.indicator(), k.label(), k.current(), k.prior(), null),
                k.current().number(), k.prior().number());
    }

    static BigDecimal points(KeyIndicator k) {
        if (k.change() != null && !k.change().missing() && k.change().unit() == Unit.PERCENTAGE_POINT) return k.change().number();
        return k.current().number().subtract(k.prior().number());
    }

    /** Main-business figures: the segment's revenue, its change, its gross margin and the margin's change in points. */
    private Optional<Finding> segment(Claim c) {
        boolean margin = c.segment().endsWith("毛利率");
        String name = c.segment().substring(0, c.segment().length() - (margin ? 3 : 2));
        MainBusiness m = business.stream().filter(b -> b.segment().equals(name)).findFirst().orElse(null);
        if (m == null) return fail(c, Problem.NO_SOURCE, "报告中没有这个分部");
        Value v = switch (c.column()) {
            case CURRENT -> margin ? m.margin() : m.revenue();
            case CHANGE -> margin ? m.marginChange() : m.revenueChange();
            case PRIOR, PHRASE -> null;
        };
        if (c.column() == Claim.Column.PHRASE && c.unit().equals("持平"))
            return m.revenueChange() != null && !m.revenueChange().missing() && m.revenueChange().number().signum() == 0
                    ? Optional.empty() : fail(c, Problem.WRONG_WORDS, "报告的变动不为 0");
        if (v == null || v.missing()) return fail(c, Problem.NO_SOURCE, "报告中没有这个数");
        boolean wantPoints = margin && c.column() == Claim.Column.CHANGE;
        String unit = margin || c.column() == Claim.Column.CHANGE ? (wantPoints ? "个百分点" : "%") : null;
        if (unit != null && !unit.equals(c.unit())) return fail(c, Problem.WRONG_WORDS, "单位应为" + unit);
        if (unit == null && !(c.unit().endsWith("元") && !c.unit().equals("元/股"))) return fail(c, Problem.WRONG_WORDS, "单位应为元");
        if (c.column() == Claim.Column.CHANGE) {
            int s = UP.matcher(c.lead()).find() ? 1 : DOWN.matcher(c.lead()).find() ? -1 : 0;
            if (s != 0 && v.number().signum() != 0 && s != v.number().signum()) return fail(c, Problem.WRONG_WORDS, "方向与报告相反");
            return v.number().abs().setScale(c.decimals(), RoundingMode.HALF_UP).compareTo(c.number().abs()) == 0
                    ? Optional.empty() : fail(c, Problem.WRONG_NUMBER, "与报告的 " + v + " 不符");
        }
        return equalAt(v.number(), c.number(), c) ? Optional.empty() : fail(c, Problem.WRONG_NUMBER, "与报告的 " + v + " 不符");
    }

    static Optional<Finding> fail(Claim c, Problem p, String why) {
        String where = c.row() == null ? "" : c.row() + " ";
        return Optional.of(new Finding(c, p, p.chinese() + "：" + where + c.text() + "（" + why + "）"));
    }

    static boolean sameYear(Claim c) { return SAME_PERIOD.matcher(c.lead()).find(); }

    static boolean yearEnd(Claim c) { return YEAR_END.matcher(c.lead()).find(); }
}
