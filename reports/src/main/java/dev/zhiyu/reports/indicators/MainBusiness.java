package dev.zhiyu.reports.indicators;

/**
 * One row of the 主营业务分行业/分产品/分地区 tables: revenue and cost (yuan), gross margin (%), their changes (%)
 * and the margin change (percentage points). Any of them may be null when the layout has no such column.
 */
public record MainBusiness(String dimension, String segment, Value revenue, Value cost, Value margin,
                           Value revenueChange, Value costChange, Value marginChange) {
}
