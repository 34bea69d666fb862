package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Amounts;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Statements;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.tables.CellRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cold-start flash news from slotted templates, ordered like a researcher's note: headline figures, the other key
 * indicators, then anomalies with the company's own explanation quoted. The template for each indicator is chosen
 * by its situation (growth, decline, turnaround, turned to loss, loss widening); {@code variant} picks among
 * equivalent phrasings so consecutive items do not read identically.
 */
public final class NewsWriter {
    private static final List<Indicator> IMPORTANCE = List.of(Indicator.REVENUE, Indicator.NET_PROFIT,
            Indicator.NET_PROFIT_DEDUCTED, Indicator.NET_INTEREST_INCOME, Indicator.EPS_BASIC, Indicator.ROE,
            Indicator.OPERATING_CASH_FLOW, Indicator.NET_INTEREST_MARGIN, Indicator.NPL_RATIO,
            Indicator.PROVISION_COVERAGE, Indicator.COST_INCOME, Indicator.CAPITAL_ADEQUACY, Indicator.TOTAL_ASSETS,
            Indicator.EQUITY);
    private static final String[][] YOY = {{"同比增长", "同比下降"}, {"较上年同期增长", "较上年同期下降"}};
    private static final String[] UP = {"增长", "增长"}, DOWN = {"下降", "减少"};
    private static final String[] OPENING = {"%s发布%s。", "%s披露%s。"};

    private NewsWriter() {
    }

    public record Draft(String headline, String body, List<CellRef> sources, List<String> quotes) {
    }

    public static Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MatchedAnomaly> anomalies, int variant) {
        return write(info, indicators, List.of(), anomalies, variant);
    }

    public static Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                              List<MatchedAnomaly> anomalies, int variant) {
        return write(info, indicators, business, anomalies, variant, IMPORTANCE);
    }

    /** The indicators in the order news mentions them by default (those missing from the report are skipped). */
    public static List<Indicator> importance() { return IMPORTANCE; }

    /** As {@link #write(ReportInfo, List, List, List, int)} with the indicators mentioned in {@code order}. */
    public static Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                              List<MatchedAnomaly> anomalies, int variant, List<Indicator> order) {
        Map<Indicator, KeyIndicator> by = indicators.stream().filter(k -> RowCheck.problem(k).isEmpty()).collect(Collectors.toMap(KeyIndicator::indicator, Function.identity(), (a, b) -> a));
        List<KeyIndicator> ordered = order.stream().filter(by::containsKey).map(by::get).toList();
        int v = Math.floorMod(variant, 2);
        String company = (info.company() == null ? "公司" : info.company()) + (info.code() == null ? "" : "(" + info.code() + ")");
        String period = period(info);
        List<CellRef> sources = new ArrayList<>();
        List<String> headlineParts = new ArrayList<>();
        for (KeyIndicator k : ordered.stream().limit(2).toList()) headlineParts.add(phrase(k, v, true));
        String headline = company + " " + headlinePeriod(info) + "：" + String.join("；", headlineParts);
        StringBuilder body = new StringBuilder(String.format(OPENING[v], company, period));
        List<String> figures = new ArrayList<>();
        for (KeyIndicator k : ordered) {
            figures.add(phrase(k, v, false));
            addSources(k, sources);
        }
        if (!figures.isEmpty()) body.append("报告期内，").append(String.join("；", figures)).append("。");
        String segments = mainBusiness(business, v);
        if (!segments.isEmpty()) body.append("\n").append(segments);
        List<String> quotes = new ArrayList<>();
        if (!anomalies.isEmpty()) body.append("\n异动指标：");
        for (MatchedAnomaly m : anomalies) {
            body.append(m.anomaly().statement());
            if (m.explanation() != null) {
                String quote = m.explanation().text().replaceAll("[。；;，,\\s]+$", "");
                body.append("，公司解释为「").append(quote).append("」");
                quotes.add(m.explanation().text());
            } else body.append("，报告中未找到公司对此的说明");
            body.append("。");
        }
        return new Draft(headline, body.toString(), sources, quotes);
    }

    /** The largest segments (by revenue) of the first dimension reported: 行业, else 产品, else 地区. */
    public static String mainBusiness(List<MainBusiness> business, int v) {
        for (String dim : List.of("行业", "产品", "地区")) {
            List<MainBusiness> rows = business.stream().filter(m -> m.dimension().equals(dim) && m.revenue() != null
                    && !m.revenue().missing()).sorted((a, b) -> b.revenue().number().compareTo(a.revenue().number())).limit(3).toList();
            if (rows.isEmpty()) continue;
            List<String> parts = new ArrayList<>();
            for (MainBusiness m : rows) {
                StringBuilder b = new StringBuilder(m.segment()).append("收入").append(Amounts.yuan(m.revenue().number()));
                Value c = m.revenueChange();
                if (c != null && !c.missing() && c.number().signum() == 0) b.append("，与上年同期持平");
                else if (c != null && !c.missing())
                    b.append("，").append(YOY[v][c.number().signum() > 0 ? 0 : 1]).append(Amounts.plain(c.number())).append("%");
                if (m.margin() != null && !m.margin().missing()) {
                    b.append("，毛利率").append(m.margin().number().stripTrailingZeros().toPlainString()).append("%");
                    Value g = m.marginChange();
                    if (g != null && !g.missing() && g.number().signum() != 0)
                        b.append("，").append(g.number().signum() > 0 ? "增加" : "减少").append(Amounts.plain(g.number())).append("个百分点");
                }
                parts.add(b.toString());
            }
            return "主营业务分" + dim + "看，" + String.join("；", parts) + "。";
        }
        return "";
    }

    /** The period as a headline says it, e.g. "2023年一季报"; empty when the cover gave none. */
    public static String headlinePeriod(ReportInfo info) {
        if (info.period() == null || info.period().length() < 4) return "";
        String kind = switch (info.type()) {
            case ANNUAL -> "年报";
            case SEMI_ANNUAL -> "半年报";
            case Q1 -> "一季报";
            case Q3 -> "三季报";
            case UNKNOWN -> "报告";
        };
        return info.period().substring(0, 4) + "年" + kind;
    }

    static String period(ReportInfo info) {
        if (info.period() == null) return info.type().chinese();
        return info.period().substring(0, 4) + "年" + info.type().chinese();
    }

    /** One indicator in the template of its kind and situation (see {@link Statements} for the vocabulary). */
    static String phrase(KeyIndicator k, int v, boolean shortName) {
        Indicator ind = k.indicator();
        String name = shortName ? shortName(ind) : ind.chinese();
        Value cur = k.current();
        if (cur == null || cur.missing()) return name + "未披露";
        BigDecimal c = cur.number();
        BigDecimal prior = k.prior() == null || k.prior().missing() ? null : k.prior().number();
        if (ind.kind() == Indicator.Kind.RATIO) return ratioPhrase(k, name, render(ind, c), v);
        String was = "，" + Statements.priorName(ind) + "为";
        if (prior != null && prior.signum() < 0 && c.signum() > 0)
            return name + render(ind, c) + was + render(ind, prior) + "，" + Statements.signChange(ind, true);
        if (prior != null && prior.signum() > 0 && c.signum() < 0)
            return name + render(ind, c) + was + render(ind, prior) + "，" + Statements.signChange(ind, false);
        if (prior != null && prior.signum() < 0 && c.signum() < 0) return bothNegative(k, name, c, prior);
        BigDecimal pct = prior == null ? null : AnomalyDetector.percentChange(k, c, prior);
        if (pct == null) return name + render(ind, c);
        if (pct.signum() == 0) return name + render(ind, c) + "，与" + Statements.priorName(ind) + "持平";
        return name + render(ind, c) + "，" + Statements.comparedWith(ind) + (pct.signum() > 0 ? UP[v] : DOWN[v])
                + Amounts.plain(pct) + "%";
    }

    /** A loss on both dates is stated with both loss amounts; other negative amounts (net outflows) by value only. */
    private static String bothNegative(KeyIndicator k, String name, BigDecimal c, BigDecimal prior) {
        Indicator ind = k.indicator();
        if (!Statements.isProfitLine(ind)) return name + render(ind, c) + "，" + Statements.priorName(ind) + "为" + render(ind, prior);
        String amounts = name + "亏损" + render(ind, c.abs()) + "，" + Statements.priorName(ind) + "亏损" + render(ind, prior.abs());
        BigDecimal pct = AnomalyDetector.percentChange(k, c, prior);
        if (pct == null || pct.signum() == 0) return amounts;
        return amounts + "，亏损" + Statements.comparedWith(ind) + (c.compareTo(prior) < 0 ? "扩大" : "收窄") + Amounts.plain(pct) + "%";
    }

    private static String ratioPhrase(KeyIndicator k, String name, String value, int v) {
        Value ch = k.change();
        // a change is cited only beside the prior value it can be checked against (prose often prints just the change)
        if (k.prior() == null || k.prior().missing()) return name + value;
        BigDecimal points = ch != null && !ch.missing() && ch.unit() == Unit.PERCENTAGE_POINT ? ch.number()
                : k.current().number().subtract(k.prior().number());
        Indicator ind = k.indicator();
        if (points.signum() == 0) return name + value + "，与" + Statements.priorName(ind) + "持平";
        return name + value + "，" + Statements.comparedWith(ind) + (points.signum() > 0 ? "上升" : "下降")
                + Amounts.plain(points) + "个百分点";
    }

    /** A value as news prints it: amounts in 万亿元/亿元/万元/元 with two decimals, per-share in 元/股, ratios in %. */
    public static String render(Indicator i, BigDecimal n) {
        return Statements.render(i, n);
    }

    private static String shortName(Indicator i) {
        return switch (i) {
            case NET_PROFIT -> "归母净利润";
            case NET_PROFIT_DEDUCTED -> "扣非净利润";
            default -> i.chinese();
        };
    }

    private static void addSources(KeyIndicator k, List<CellRef> out) {
        for (Value v : new Value[]{k.current(), k.prior(), k.change()}) if (v != null && v.source() != null) out.add(v.source());
    }
}
