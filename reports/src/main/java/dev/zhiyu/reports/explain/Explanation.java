package dev.zhiyu.reports.explain;

/**
 * A sentence where the company explains a change. {@code subject} is the item it explains when the layout says so
 * (the row of a reason column, the XX of "XX变动原因说明："), else null (a narrative sentence).
 */
public record Explanation(String text, String subject, Source source, int page, String section) {
    public enum Source { CHANGE_NOTE, REASON_CELL, NARRATIVE }
}
