package dev.zhiyu.reports.indicators;

/** One row of the key-indicator table: this period, the comparison period and the printed change. */
public record KeyIndicator(Indicator indicator, String label, Value current, Value prior, Value change) {
}
