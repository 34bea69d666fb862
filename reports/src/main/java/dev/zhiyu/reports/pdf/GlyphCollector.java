package dev.zhiyu.reports.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** PDFBox's text stripper used only for its de-duplicated, direction-adjusted glyph positions. */
final class GlyphCollector extends PDFTextStripper {
    private final List<Glyph> glyphs = new ArrayList<>();
    private int unmapped;

    GlyphCollector() throws IOException {
        setSortByPosition(false);
        setSuppressDuplicateOverlappingText(true);
    }

    List<Glyph> collect(PDDocument doc, int page) throws IOException {
        glyphs.clear();
        unmapped = 0;
        setStartPage(page);
        setEndPage(page);
        writeText(doc, new StringWriter());
        return List.copyOf(glyphs);
    }

    int unmapped() { return unmapped; }

    @Override
    protected void writeString(String text, List<TextPosition> positions) {
        for (TextPosition p : positions) {
            String u = p.getUnicode();
            if (u == null || u.isEmpty() || u.indexOf('\uFFFD') >= 0) {
                unmapped++;
                u = "\uFFFD";
            }
            float h = Math.max(p.getHeightDir(), p.getFontSizeInPt() * 0.7f);
            glyphs.add(new Glyph(Fullwidth.fold(u), p.getXDirAdj(), p.getYDirAdj() - h, p.getWidthDirAdj(), h,
                    p.getFontSizeInPt()));
        }
    }

    static boolean hasImages(PDPage page) {
        try {
            var res = page.getResources();
            if (res == null) return false;
            for (var name : res.getXObjectNames()) {
                if (res.isImageXObject(name)) return true;
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }
}
