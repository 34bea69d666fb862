package dev.zhiyu.telephony.lists;

/** A rejected row: 1-based row number as the user sees it in the file (header = row 1), field, reason in Chinese. */
public record RowError(long row, String field, String message) {
}
