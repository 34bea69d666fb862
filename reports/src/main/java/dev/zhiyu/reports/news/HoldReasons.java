package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.RowCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a report's news must not be published automatically, besides wrong claims: the cover did not give the
 * company, code, period or type; the headline does not name them; or a headline indicator's row contradicts itself
 * (the writer then leaves it out, so the headline would lead with a lesser figure).
 */
public final class HoldReasons {
    private static final int HEADLINE_FIGURES = 2;

    private HoldReasons() {
    }

    public static List<String> of(ReportInfo info, List<KeyIndicator> rows, String headline) {
        List<String> out = new ArrayList<>();
        if (info == null) return List.of("封面信息未识别：公司、代码、报告期均未知，请人工核对");
        if (blank(info.company())) out.add("公司简称未识别，请人工核对后发布");
        if (blank(info.code())) out.add("股票代码未识别，请人工核对后发布");
        if (blank(info.period())) out.add("报告期未识别，请人工核对后发布");
        if (info.type() == null || info.type() == ReportInfo.ReportType.UNKNOWN) out.add("报告类型（年报/半年报/季报）未识别，请人工核对后发布");
        if (out.isEmpty() && !headline.startsWith(info.company() + "(" + info.code() + ") " + NewsWriter.headlinePeriod(info)))
            out.add("标题未以公司简称、代码和报告期开头：" + headline);
        for (Indicator i : headlineIndicators(rows)) {
            KeyIndicator k = rows.stream().filter(r -> r.indicator() == i).findFirst().orElseThrow();
            Optional<String> bad = RowCheck.problem(k);
            bad.ifPresent(p -> out.add("标题指标未通过核对，已从快讯中剔除：" + p));
        }
        return out;
    }

    /** The indicators a headline leads with: the first two of the news order that the report has. */
    static List<Indicator> headlineIndicators(List<KeyIndicator> rows) {
        return NewsWriter.importance().stream().filter(i -> rows.stream().anyMatch(r -> r.indicator() == i
                && r.current() != null && !r.current().missing())).limit(HEADLINE_FIGURES).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
