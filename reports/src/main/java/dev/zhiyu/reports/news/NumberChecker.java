package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.indicators.Amounts;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies every number in a news text against the extracted data, independently of the writer (so a human edit
 * is checked the same way): amounts against the indicators' current and prior values at the rendered precision,
 * percentages and points against their changes, years and the stock code against the cover page, and numbers
 * inside 「quotes」 against the quoted source sentences verbatim.
 */
public final class NumberChecker {
    private static final Pattern QUOTE = Pattern.compile("「([^」]*)」");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(-?\\d[\\d,]*(?:\\.\\d+)?)(亿元|万元|元/股|元|%|个百分点|年|季度)?");

    private NumberChecker() {
    }

    public static List<String> check(String text, ReportInfo info, List<KeyIndicator> indicators, List<String> quotes) {
        return check(text, info, indicators, List.of(), quotes);
    }

    /** Also accepts the main-business figures (segment revenue and cost, margins and their changes). */
    public static List<String> check(String text, ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                                     List<String> quotes) {
        List<KeyIndicator> all = new ArrayList<>(indicators);
        for (MainBusiness m : business) all.addAll(asIndicators(m));
        return checkAll(text, info, all, quotes);
    }

    /** Main-business values seen as indicator-like rows so the same rules apply. */
    private static List<KeyIndicator> asIndicators(MainBusiness m) {
        return List.of(new KeyIndicator(Indicator.REVENUE, m.segment(), m.revenue(), null, m.revenueChange()),
                new KeyIndicator(Indicator.REVENUE, m.segment(), m.cost(), null, m.costChange()),
                new KeyIndicator(Indicator.ROE, m.segment(), m.margin(), null, m.marginChange()));
    }

    private static List<String> checkAll(String text, ReportInfo info, List<KeyIndicator> indicators, List<String> quotes) {
        List<String> problems = new ArrayList<>();
        Matcher q = QUOTE.matcher(text);
        while (q.find()) if (quotes.stream().noneMatch(s -> s.contains(q.group(1))))
            problems.add("引文与原文不符：「" + q.group(1) + "」");
        Matcher m = NUMBER.matcher(QUOTE.matcher(text).replaceAll("「」"));
        while (m.find()) {
            String unit = m.group(2) == null ? "" : m.group(2);
            BigDecimal n = new BigDecimal(m.group(1).replace(",", ""));
            if (!supported(n, unit, m.group(1), info, indicators))
                problems.add("数字无来源或与来源不符：" + m.group(0));
        }
        return problems;
    }

    private static boolean supported(BigDecimal n, String unit, String raw, ReportInfo info, List<KeyIndicator> ks) {
        int decimals = raw.contains(".") ? raw.length() - raw.indexOf('.') - 1 : 0;
        return switch (unit) {
            case "年" -> info.period() != null && (raw.equals(info.period().substring(0, 4))
                    || n.intValue() == Integer.parseInt(info.period().substring(0, 4)) - 1);
            case "季度" -> false;
            case "亿元", "万元", "元" -> ks.stream().anyMatch(k -> k.indicator().kind() == Indicator.Kind.AMOUNT
                    && (same(k.current(), n.multiply(Amounts.scaleOf(unit)), decimals, unit) || same(k.prior(), n.multiply(Amounts.scaleOf(unit)), decimals, unit)));
            case "元/股" -> ks.stream().anyMatch(k -> k.indicator().kind() == Indicator.Kind.PER_SHARE
                    && (equalAt(k.current(), n, decimals) || equalAt(k.prior(), n, decimals)));
            case "%", "个百分点" -> ks.stream().anyMatch(k -> changeMatches(k, n, decimals, unit) || ratioMatches(k, n, decimals, unit));
            default -> raw.equals(info.code());
        };
    }

    private static boolean same(Value v, BigDecimal rendered, int decimals, String unit) {
        if (v == null || v.missing()) return false;
        BigDecimal scale = Amounts.scaleOf(unit);
        BigDecimal expected = v.number().divide(scale, decimals, RoundingMode.HALF_UP).multiply(scale);
        return expected.compareTo(rendered) == 0;
    }

    private static boolean equalAt(Value v, BigDecimal n, int decimals) {
        return v != null && !v.missing() && v.number().setScale(decimals, RoundingMode.HALF_UP).compareTo(n) == 0;
    }

    private static boolean changeMatches(KeyIndicator k, BigDecimal n, int decimals, String unit) {
        Unit u = unit.equals("%") ? Unit.PERCENT : Unit.PERCENTAGE_POINT;
        if (k.change() != null && !k.change().missing() && k.change().unit() == u
                && k.change().number().abs().setScale(decimals, RoundingMode.HALF_UP).compareTo(n.abs()) == 0) return true;
        boolean both = k.current() != null && !k.current().missing() && k.prior() != null && !k.prior().missing();
        if (u == Unit.PERCENTAGE_POINT && both && k.indicator().kind() == Indicator.Kind.RATIO)
            return k.current().number().subtract(k.prior().number()).abs().setScale(decimals, RoundingMode.HALF_UP).compareTo(n.abs()) == 0;
        if (u == Unit.PERCENT && k.current() != null && !k.current().missing() && k.prior() != null && !k.prior().missing()) {
            BigDecimal pct = AnomalyDetector.percentChange(new KeyIndicator(k.indicator(), k.label(), k.current(), k.prior(), null),
                    k.current().number(), k.prior().number());
            return pct != null && pct.abs().setScale(decimals, RoundingMode.HALF_UP).compareTo(n.abs()) == 0;
        }
        return false;
    }

    /** A ratio indicator's own level ("净息差1.49%"). */
    private static boolean ratioMatches(KeyIndicator k, BigDecimal n, int decimals, String unit) {
        return unit.equals("%") && k.indicator().kind() == Indicator.Kind.RATIO
                && (equalAt(k.current(), n, decimals) || equalAt(k.prior(), n, decimals));
    }
}
