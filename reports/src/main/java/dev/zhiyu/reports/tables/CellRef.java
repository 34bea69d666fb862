package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.Box;

/** Where a value came from: 1-based page, the cell's box on that page, and the cell's text as printed. */
public record CellRef(int page, Box box, String text) {
    @Override public String toString() {
        return "第" + page + "页 (" + Math.round(box.x()) + "," + Math.round(box.y()) + ") “" + text + "”";
    }
}
