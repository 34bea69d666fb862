package dev.zhiyu.reports.pdf;

import java.util.List;

/** The text layer of one page as positioned lines; {@code glyphs} counts every character, {@code unmapped} those
 * PDFBox could not map to Unicode (U+FFFD). */
public record PageText(int page, float width, float height, List<Line> lines, List<TextRow> rows, int glyphs, int unmapped,
                boolean hasImages) {
    boolean noTextLayer() { return glyphs == 0 && hasImages; }

    /** Page headers and footers: text in the top or bottom 7% of the page. */
    public boolean furniture(Box b) {
        return b.bottom() < height * 0.07f || b.y() > height * 0.93f;
    }

    public boolean garbled() { return glyphs > 20 && unmapped * 10 > glyphs; }
}
