package dev.zhiyu.reports.pdf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Groups glyphs into visual lines (by vertical overlap) and lines into segments (at column-sized gaps). */
final class LineBuilder {
    /** A gap wider than this many font sizes separates two columns; spaces inside text are narrower. */
    static final float COLUMN_GAP_EM = 0.9f;
    /**
     * Digits of one number abut; two numbers in neighbouring narrow columns may be set closer than a column gap
     * (long amounts in restated six-column tables), so a visible gap between the end of a number and the start of
     * the next one separates cells.
     */
    static final float NUMBER_GAP_EM = 0.15f;

    private LineBuilder() {
    }

    static List<Line> lines(int page, List<Glyph> glyphs) {
        List<Glyph> sorted = new ArrayList<>(glyphs);
        sorted.sort(Comparator.comparingDouble(g -> g.y() + g.height() / 2));
        List<List<Glyph>> rows = new ArrayList<>();
        List<Glyph> current = new ArrayList<>();
        float top = 0, bottom = 0;
        for (Glyph g : sorted) {
            if (g.isSpace()) continue;
            float center = g.y() + g.height() / 2;
            if (!current.isEmpty() && center > bottom) {
                rows.add(current);
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                top = g.y();
                bottom = g.bottom();
            } else {
                top = Math.min(top, g.y());
                bottom = Math.max(bottom, Math.min(g.bottom(), top + g.height()));
            }
            current.add(g);
        }
        if (!current.isEmpty()) rows.add(current);
        List<Line> lines = new ArrayList<>();
        for (List<Glyph> row : rows) lines.add(line(page, row, glyphs));
        return lines;
    }

    private static Line line(int page, List<Glyph> row, List<Glyph> all) {
        row.sort(Comparator.comparingDouble(Glyph::x));
        float size = (float) row.stream().mapToDouble(Glyph::fontSize).max().orElse(10);
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Box box = null;
        Glyph prev = null;
        for (Glyph g : row) {
            if (prev != null) {
                float gap = g.x() - prev.right();
                if (gap > COLUMN_GAP_EM * Math.max(size, g.height()) || gap > NUMBER_GAP_EM * size && numberBoundary(prev, g)) {
                    segments.add(new Segment(text.toString(), box));
                    text.setLength(0);
                    box = null;
                } else if (gap > 0.2f * size && isAsciiWord(prev) && isAsciiWord(g)) {
                    text.append(' ');
                }
            }
            text.append(g.text());
            Box gb = new Box(g.x(), g.y(), Math.max(0.1f, g.width()), Math.max(0.1f, g.height()));
            box = box == null ? gb : box.union(gb);
            prev = g;
        }
        segments.add(new Segment(text.toString(), box));
        Box lineBox = segments.stream().map(Segment::box).reduce(Box::union).orElseThrow();
        return new Line(page, List.copyOf(segments), lineBox, size);
    }

    private static boolean numberBoundary(Glyph prev, Glyph next) {
        String a = prev.text(), b = next.text();
        if (a.isEmpty() || b.isEmpty()) return false;
        char end = a.charAt(a.length() - 1), start = b.charAt(0);
        return (Character.isDigit(end) || end == '%' || end == ')') && (Character.isDigit(start) || start == '-' || start == '(');
    }

    private static boolean isAsciiWord(Glyph g) {
        char c = g.text().isEmpty() ? ' ' : g.text().charAt(0);
        return c < 128 && Character.isLetter(c);
    }
}
