package dev.zhiyu.knowledge;

/** A rejected input row: which file, which row (1-based, header = row 1 in CSV), which field, and why (in Chinese). */
public record BadRow(String file, long row, String field, String message) {
    @Override
    public String toString() {
        return file + " 第 " + row + " 行" + (field == null ? "" : " 字段 " + field) + "：" + message;
    }
}
