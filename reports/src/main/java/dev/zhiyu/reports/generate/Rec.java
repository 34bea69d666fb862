package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.indicators.Indicator;

/**
 * One input record (entity, attribute, value). {@code copy} is the value exactly as news prints it (what the decoder
 * copies; null when the value is said in words, e.g. 由盈转亏); the other fields are the categorical features the
 * encoder sees. {@code sign} is the direction a change record states (+1, -1, 0 = either).
 */
record Rec(int entity, Attr attr, int valueClass, int situation, int flags, String copy, Indicator indicator, int sign) {
    enum Attr { CUR, PRIOR, YOY, PTS, ANOM, REASON, COMPANY, CODE, YEAR, TYPE }

    boolean info() { return indicator == null; }

    /** Anomaly statements and their reasons are written after 异动指标：; everything else before it. */
    boolean inAnomalySection() { return attr == Attr.ANOM || attr == Attr.REASON; }
}
