package dev.zhiyu.reports.pdf;

/** A page the parser could not read faithfully: no text layer (scanned) or glyphs without a Unicode mapping. */
public record PageIssue(int page, Kind kind, String message) {
    public enum Kind { NO_TEXT_LAYER, UNMAPPED_GLYPHS }
}
