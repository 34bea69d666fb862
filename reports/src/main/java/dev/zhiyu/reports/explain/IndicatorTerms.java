package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.pdf.Fullwidth;
import dev.zhiyu.reports.tables.Labels;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does a text name an indicator? Each indicator has the words reports use for it; an occurrence that is part of
 * another indicator's name does not count (净资产 in 净资产收益率, 净利润 in 扣除非经常性损益的净利润, 每股收益 after
 * 稀释 for basic EPS).
 */
final class IndicatorTerms {
    private record Terms(Pattern names, Pattern notBefore, Pattern notAfter) {
    }

    private static final Pattern NONE = Pattern.compile("(?!)");
    private static final Map<Indicator, Terms> TERMS = Map.ofEntries(
            Map.entry(Indicator.REVENUE, terms("营业总收入|营业收入|营收", NONE, NONE)),
            Map.entry(Indicator.NET_PROFIT, terms("归母净利润|净利润", Pattern.compile("(扣除非经常性损益(后)?的?|扣非(后)?的?|少数股东的?)$"), NONE)),
            Map.entry(Indicator.NET_PROFIT_DEDUCTED, terms("扣除非经常性损益(后)?的?净利润|扣非(后)?(归母)?净利润", NONE, NONE)),
            Map.entry(Indicator.OPERATING_CASH_FLOW, terms(
                    "经营活动(产生的)?现金(流量)?净(流入|流出|额|流量)|经营活动(产生的)?现金流|经营性现金(流|净流量)", NONE, NONE)),
            Map.entry(Indicator.EQUITY, terms("净资产|所有者权益|股东权益", Pattern.compile("(每股|少数)$"), Pattern.compile("^(收益率|总额变动)"))),
            Map.entry(Indicator.TOTAL_ASSETS, terms("总资产|资产总额|资产总计", NONE, Pattern.compile("^(收益率|报酬率|周转)"))),
            Map.entry(Indicator.EPS_BASIC, terms("每股收益", Pattern.compile("稀释$"), NONE)),
            Map.entry(Indicator.EPS_DILUTED, terms("每股收益", Pattern.compile("基本$"), NONE)),
            Map.entry(Indicator.ROE, terms("净资产收益率", Pattern.compile("扣除非经常性损益(后)?的?(加权平均)?$"), NONE)),
            Map.entry(Indicator.ROE_DEDUCTED, terms("扣除非经常性损益后的?加权平均净资产收益率", NONE, NONE)),
            Map.entry(Indicator.NET_INTEREST_INCOME, terms("利息净收入|净利息收入", NONE, NONE)),
            Map.entry(Indicator.NET_INTEREST_MARGIN, terms("净息差", NONE, NONE)),
            Map.entry(Indicator.NPL_RATIO, terms("不良贷款率", NONE, NONE)),
            Map.entry(Indicator.PROVISION_COVERAGE, terms("拨备覆盖率", NONE, NONE)),
            Map.entry(Indicator.CAPITAL_ADEQUACY, terms("资本充足率", Pattern.compile("(一级|核心一级)$"), NONE)),
            Map.entry(Indicator.COST_INCOME, terms("成本收入比", NONE, NONE)));

    private IndicatorTerms() {
    }

    private static Terms terms(String names, Pattern notBefore, Pattern notAfter) {
        return new Terms(Pattern.compile(names), notBefore, notAfter);
    }

    /** The text names the indicator (in any of its words, not as part of another indicator's name). */
    static boolean names(String text, Indicator indicator) {
        if (text == null) return false;
        if (text.length() <= 40 && Indicator.fromLabel(text).orElse(null) == indicator) return true;
        String t = Fullwidth.fold(text).replaceAll("\\s+", "");
        Terms terms = TERMS.get(indicator);
        if (terms == null) return t.contains(Labels.normalize(indicator.chinese()));
        Matcher m = terms.names().matcher(t);
        while (m.find()) {
            String before = t.substring(Math.max(0, m.start() - 12), m.start());
            String after = t.substring(m.end(), Math.min(t.length(), m.end() + 6));
            if (!terms.notBefore().matcher(before).find() && !terms.notAfter().matcher(after).find()) return true;
        }
        return false;
    }

    /** The indicators a text names. */
    static List<Indicator> named(String text) {
        return java.util.Arrays.stream(Indicator.values()).filter(i -> names(text, i)).toList();
    }
}
