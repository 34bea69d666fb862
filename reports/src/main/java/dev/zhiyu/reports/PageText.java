package dev.zhiyu.reports;

import java.util.List;

/** The text layer of one page as positioned lines; {@code glyphs} counts every character, {@code unmapped} those
 * PDFBox could not map to Unicode (U+FFFD). */
record PageText(int page, float width, float height, List<Line> lines, int glyphs, int unmapped, boolean hasImages) {
    boolean noTextLayer() { return glyphs == 0 && hasImages; }

    boolean garbled() { return glyphs > 20 && unmapped * 10 > glyphs; }
}
