package dev.zhiyu.reports.news;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Statements;
import dev.zhiyu.reports.indicators.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Whether a claim's words fit its indicator and the row's numbers: 同比 only for flows and 较上年末 only for stocks;
 * a ratio moves in 个百分点; 扭亏为盈/由盈转亏 and 亏损 only for profit lines and only when the numbers say so;
 * 由负转正/由正转负 only for a real sign change; no "增长0%" (持平 only for a zero change).
 */
final class Wording {
    private Wording() {
    }

    static Optional<ClaimCheck.Finding> problem(Claim c, KeyIndicator k) {
        Indicator ind = c.indicator();
        boolean stock = ind.comparison() == Indicator.Comparison.PREVIOUS_YEAR_END;
        if (stock && ClaimCheck.sameYear(c))
            return wrong(c, ind.chinese() + "是时点数，应与上年末比较（较上年末），不能写同比或上年同期");
        if (!stock && ClaimCheck.yearEnd(c)) return wrong(c, ind.chinese() + "是期间数，应写同比，不能与上年末比较");
        String lead = c.lead();
        if (lead.contains("亏损") && !Statements.isProfitLine(ind)) return wrong(c, "亏损只用于利润类指标");
        if (lead.contains("收窄") || lead.contains("扩大")) {
            Optional<ClaimCheck.Finding> loss = loss(c, k, lead.contains("收窄"));
            if (loss.isPresent()) return loss;
        }
        if (c.column() == Claim.Column.PHRASE) return phrase(c, k);
        if (c.column() != Claim.Column.CHANGE) return Optional.empty();
        boolean points = c.unit().equals("个百分点");
        if (ind.kind() == Indicator.Kind.RATIO && !points) return wrong(c, "比率的变动应以个百分点表述");
        if (ind.kind() != Indicator.Kind.RATIO && points) return wrong(c, "金额和每股指标的变动应以百分比表述");
        if (c.number() != null && c.number().signum() == 0) return wrong(c, "变动为 0，应写持平");
        return Optional.empty();
    }

    private static Optional<ClaimCheck.Finding> loss(Claim c, KeyIndicator k, boolean narrowed) {
        if (!Statements.isProfitLine(c.indicator())) return wrong(c, "亏损收窄/扩大只用于利润类指标");
        if (!present(k.current()) || !present(k.prior())) return wrong(c, "缺本期或上期数，无法判断亏损变化");
        BigDecimal cur = k.current().number(), prior = k.prior().number();
        if (cur.signum() >= 0 || prior.signum() >= 0) return wrong(c, "本期和上期并非都亏损");
        if (narrowed != cur.compareTo(prior) > 0) return wrong(c, narrowed ? "亏损实际扩大" : "亏损实际收窄");
        return Optional.empty();
    }

    private static Optional<ClaimCheck.Finding> phrase(Claim c, KeyIndicator k) {
        String p = c.unit();
        if (p.equals("持平")) {
            if (!present(k.current()) || !present(k.prior())) return wrong(c, "缺本期或上期数，无法判断持平");
            BigDecimal change = c.indicator().kind() == Indicator.Kind.RATIO ? ClaimCheck.points(k) : ClaimCheck.percent(k);
            return change != null && change.setScale(2, RoundingMode.HALF_UP).signum() == 0 ? Optional.empty()
                    : wrong(c, "报告的变动不为 0");
        }
        boolean profitWords = p.equals("扭亏为盈") || p.equals("由盈转亏");
        if (profitWords && !Statements.isProfitLine(c.indicator()))
            return wrong(c, p + "只用于利润类指标，" + c.indicator().chinese() + "应写由负转正/由正转负");
        if (c.indicator().kind() == Indicator.Kind.RATIO) return wrong(c, "比率不说正负转换");
        if (!present(k.current()) || !present(k.prior())) return wrong(c, "缺本期或上期数，无法判断正负变化");
        boolean toPositive = p.equals("扭亏为盈") || p.equals("由负转正");
        int from = k.prior().number().signum(), to = k.current().number().signum();
        boolean real = toPositive ? from < 0 && to > 0 : from > 0 && to < 0;
        return real ? Optional.empty() : wrong(c, "报告中上期 " + k.prior() + "、本期 " + k.current() + "，并无此变化");
    }

    private static boolean present(Value v) {
        return v != null && !v.missing();
    }

    private static Optional<ClaimCheck.Finding> wrong(Claim c, String why) {
        return ClaimCheck.fail(c, ClaimCheck.Problem.WRONG_WORDS, why);
    }
}
