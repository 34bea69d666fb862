package dev.zhiyu.reports.pdf;

/** Prose re-joined across wrapped lines and page breaks; {@code page} is where it starts, {@code section} its heading. */
public record Paragraph(int page, String section, String text) {
}
