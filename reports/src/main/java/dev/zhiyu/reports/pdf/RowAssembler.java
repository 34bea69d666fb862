package dev.zhiyu.reports.pdf;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds table rows from positioned lines, the way a reader sees them: lines closer together than half a line
 * height belong to one ruled row (a wrapped label), so a label split above and below its numbers is joined.
 * Within such a block, label-only lines go to the nearest line that has values.
 */
public final class RowAssembler {
    private static final float BLOCK_GAP = 1.6f;

    private RowAssembler() {
    }

    static List<TextRow> rows(List<Line> lines) {
        List<TextRow> out = new ArrayList<>();
        for (List<Line> block : blocks(lines)) out.addAll(rowsOf(block));
        return out;
    }

    static List<List<Line>> blocks(List<Line> lines) {
        List<List<Line>> blocks = new ArrayList<>();
        List<Line> cur = new ArrayList<>();
        for (Line l : lines) {
            if (!cur.isEmpty()) {
                Line prev = cur.get(cur.size() - 1);
                float gap = l.box().y() - prev.box().bottom();
                if (gap > BLOCK_GAP * Math.min(prev.box().height(), l.box().height())) {
                    blocks.add(cur);
                    cur = new ArrayList<>();
                }
            }
            cur.add(l);
        }
        if (!cur.isEmpty()) blocks.add(cur);
        return blocks;
    }

    private static List<TextRow> rowsOf(List<Line> block) {
        List<TextRow> out = new ArrayList<>();
        List<Line> run = new ArrayList<>();
        float minValueX = Float.MAX_VALUE, maxValueRight = -Float.MAX_VALUE;
        for (Line l : block) {
            for (Segment v : values(l)) {
                minValueX = Math.min(minValueX, v.box().x());
                maxValueRight = Math.max(maxValueRight, v.box().right());
            }
        }
        for (Line l : block) {
            boolean divider = l.segments().size() > 1 && values(l).isEmpty()
                    && !labelAndReason(l, minValueX, maxValueRight);
            if (!divider) {
                run.add(l);
                continue;
            }
            out.addAll(runRows(run));
            run.clear();
            out.add(textRow(l));
        }
        out.addAll(runRows(run));
        return out;
    }

    /** A wrapped label fragment left of the numbers and a wrapped reason fragment right of them: part of a row. */
    static boolean labelAndReason(Line l, float minValueX, float maxValueRight) {
        List<Segment> segs = l.segments();
        return segs.size() == 2 && segs.get(0).box().right() <= minValueX && segs.get(1).box().x() >= maxValueRight - 1;
    }

    /** Rows of a run of lines with no multi-column text line inside (such lines are headers and end a run). */
    private static List<TextRow> runRows(List<Line> lines) {
        List<Line> run = mergeSplitValueLines(lines);
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) if (!values(run.get(i)).isEmpty()) numeric.add(i);
        if (numeric.isEmpty()) return run.stream().map(RowAssembler::textRow).toList();
        LabelSplitter.Spans spans = LabelSplitter.split(run, numeric);
        List<TextRow> out = new ArrayList<>();
        int next = 0;
        for (int k = 0; k < numeric.size(); k++) {
            for (; next < spans.from()[k]; next++) out.add(textRow(run.get(next)));
            out.add(numericRow(run.subList(spans.from()[k], spans.to()[k]), run.get(numeric.get(k))));
            next = spans.to()[k];
        }
        for (; next < run.size(); next++) out.add(textRow(run.get(next)));
        return out;
    }

    /**
     * One row whose cells start on different baselines (a wrapped "减少3.96 / 个百分点" cell starts higher than the
     * numbers) prints as two touching value lines with values in different columns; they are joined back.
     */
    static List<Line> mergeSplitValueLines(List<Line> run) {
        List<Line> out = new ArrayList<>();
        for (Line l : run) {
            Line prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && touching(prev, l) && !values(prev).isEmpty() && !values(l).isEmpty() && disjoint(values(prev), values(l))) {
                List<Segment> segs = new ArrayList<>(prev.segments());
                segs.addAll(l.segments());
                segs.sort(java.util.Comparator.comparingDouble(x -> x.box().x()));
                out.set(out.size() - 1, new Line(l.page(), List.copyOf(segs), prev.box().union(l.box()), Math.max(prev.fontSize(), l.fontSize())));
            } else out.add(l);
        }
        return out;
    }

    private static boolean touching(Line a, Line b) {
        return b.box().y() - a.box().bottom() < 0.25f * Math.min(a.box().height(), b.box().height());
    }

    private static boolean disjoint(List<Segment> a, List<Segment> b) {
        for (Segment x : a)
            for (Segment y : b)
                if (Math.min(x.box().right(), y.box().right()) > Math.max(x.box().x(), y.box().x())) return false;
        return true;
    }

    private static TextRow numericRow(List<Line> lines, Line valueLine) {
        List<Segment> values = values(valueLine);
        float firstValueX = values.get(0).box().x();
        StringBuilder label = new StringBuilder();
        Box labelBox = null;
        List<Segment> texts = new ArrayList<>();
        for (Line l : lines) {
            for (Segment s : l.segments()) {
                if (values.contains(s)) continue;
                if (s.box().right() <= firstValueX + 1) {
                    label.append(s.text());
                    labelBox = labelBox == null ? s.box() : labelBox.union(s.box());
                } else texts.add(s);
            }
        }
        Box box = lines.stream().map(Line::box).reduce(Box::union).orElseThrow();
        return new TextRow(valueLine.page(), label.toString(), labelBox, values, texts, box);
    }

    private static TextRow textRow(Line l) {
        return new TextRow(l.page(), "", null, List.of(), l.segments(), l.box());
    }

    /** The value cells of a line: the value-like segments after the first segment (which holds the label), or
     * all of them when the line starts with a value and lies right of the page's label column. */
    public static List<Segment> values(Line l) {
        List<Segment> segs = l.segments();
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            if (Numbers.isValue(s.text()) && !isOrdinal(s.text(), i)) out.add(s);
        }
        if (out.isEmpty()) return out;
        // a lone number in prose (a page number, a year) is not a table row
        if (out.size() == 1 && segs.size() == 1 && !hasDecimalOrSeparator(out.get(0).text())) return List.of();
        return out;
    }

    private static boolean isOrdinal(String text, int index) {
        return index == 0 && text.matches("\\d{1,2}");
    }

    private static boolean hasDecimalOrSeparator(String t) {
        return t.contains(".") || t.contains(",") || t.contains("%");
    }
}
