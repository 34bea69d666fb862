package dev.zhiyu.reports.news;

import dev.zhiyu.reports.indicators.Indicator;
import java.math.BigDecimal;

/**
 * One figure or sign-change the news states about one row: the indicator (or main-business segment line) it is said
 * of, which column (this period, the comparison period, the change), the number as written with its unit, and the
 * words between the row's name and the number ({@code lead}, e.g. "，上年同期为" or "，同比增长").
 *
 * @param row      the indicator's or segment's name as the text names it; null when no row was named before it
 * @param number   as written, unscaled (45.42 in "45.42亿元"); for PHRASE claims null
 * @param unit     "万亿元", "亿元", "万元", "元", "元/股", "%", "个百分点", or the phrase itself for PHRASE claims
 */
public record Claim(String row, Indicator indicator, String segment, Column column, BigDecimal number, String unit,
                    int decimals, String lead, String text) {
    public enum Column {
        CURRENT("本期"), PRIOR("上期"), CHANGE("变动"), PHRASE("表述");

        private final String chinese;

        Column(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() { return chinese; }
    }
}
