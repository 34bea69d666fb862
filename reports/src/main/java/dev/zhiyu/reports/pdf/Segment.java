package dev.zhiyu.reports.pdf;

/** A run of glyphs on one line with no column-sized gap inside: usually one table cell's line or a text line. */
public record Segment(String text, Box box) {
}
