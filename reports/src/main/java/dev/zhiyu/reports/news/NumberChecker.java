package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import java.util.List;

/**
 * Verifies a news text (generated or a human's edit) against the report's rows, independently of the writer: each
 * number is traced to the indicator and column it is stated of, that row must agree with itself, and the words must
 * fit the indicator's kind (see {@link ClaimCheck}). Returns the problems in Chinese; empty means every claim holds.
 */
public final class NumberChecker {
    private NumberChecker() {
    }

    public static List<String> check(String text, ReportInfo info, List<KeyIndicator> indicators, List<String> quotes) {
        return check(text, info, indicators, List.of(), quotes);
    }

    /** Also accepts the main-business figures (segment revenue, margins and their changes). */
    public static List<String> check(String text, ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                                     List<String> quotes) {
        return new ClaimCheck(info, indicators, business, true).check(text, quotes).messages();
    }
}
