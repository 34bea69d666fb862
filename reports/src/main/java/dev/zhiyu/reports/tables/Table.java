package dev.zhiyu.reports.tables;

import java.util.List;

/**
 * A table as rows of cells, after cross-page merging (repeated headers dropped) and label joining. {@code caption}
 * is the nearest heading or caption line above, {@code unit} the printed unit if any, {@code method} how it was read.
 */
public record Table(int page, int lastPage, String caption, String unit, String method, List<List<Cell>> rows) {
    /** One cell: text as printed and where it is. */
    public record Cell(String text, CellRef source) {
    }

    public int columns() { return rows.stream().mapToInt(List::size).max().orElse(0); }
}
