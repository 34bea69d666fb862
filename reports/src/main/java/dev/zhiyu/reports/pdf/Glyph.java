package dev.zhiyu.reports.pdf;

/** One positioned character from the PDF text layer. */
record Glyph(String text, float x, float y, float width, float height, float fontSize) {
    float right() { return x + width; }

    float bottom() { return y + height; }

    boolean isSpace() { return text.isBlank(); }
}
