package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The column grid of one table block (the value rows under one header) and each column's header text. Columns are
 * the value cells of the block's fullest row, each widened leftwards to the previous cell (numbers are right-aligned,
 * headers centred), so a row that leaves a cell blank or prints words there still maps its values to the right
 * columns. Each header segment belongs to the one column it is centred nearest to among those it overlaps: a wide
 * header (本期比上年同期增减(%)) spilling over the prior-year column names only the column beneath its centre.
 */
final class Columns {
    private final List<float[]> slots;
    private final List<String> headers;
    private final List<TextRow> header;

    private Columns(List<float[]> slots, List<String> headers, List<TextRow> header) {
        this.slots = slots;
        this.headers = headers;
        this.header = header;
    }

    static Columns of(List<TextRow> rows, List<TextRow> header) {
        TextRow fullest = rows.stream().max(java.util.Comparator.comparingInt(r -> r.values().size())).orElse(null);
        List<float[]> slots = new ArrayList<>();
        if (fullest != null) {
            List<Segment> v = fullest.values();
            for (int i = 0; i < v.size(); i++) {
                float left = i == 0 ? v.get(0).box().x() : v.get(i - 1).box().right();
                slots.add(new float[] {left, v.get(i).box().right()});
            }
        }
        List<StringBuilder> names = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) names.add(new StringBuilder());
        for (TextRow h : header) {
            for (Segment s : h.texts()) {
                int best = -1;
                float bestDistance = Float.MAX_VALUE;
                for (int i = 0; i < slots.size(); i++) {
                    float[] c = slots.get(i);
                    if (Math.min(s.box().right(), c[1]) - Math.max(s.box().x(), c[0]) <= 0) continue;
                    float d = Math.abs(s.box().centerX() - (c[0] + c[1]) / 2);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = i;
                    }
                }
                if (best >= 0) names.get(best).append(s.text());
            }
        }
        return new Columns(slots, names.stream().map(StringBuilder::toString).toList(), List.copyOf(header));
    }

    /** The header text of the column a cell sits in (most horizontal overlap), or "" outside the grid. */
    String headerOf(Segment cell) {
        Box b = cell.box();
        int best = -1;
        float bestOverlap = 0;
        for (int i = 0; i < slots.size(); i++) {
            float overlap = Math.min(b.right(), slots.get(i)[1]) - Math.max(b.x(), slots.get(i)[0]);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = i;
            }
        }
        return best < 0 ? "" : headers.get(best);
    }

    /** Whether any header segment matches (the table names such a column even where a row leaves it blank). */
    boolean names(Pattern p) {
        return header.stream().flatMap(h -> h.texts().stream()).anyMatch(s -> p.matcher(s.text()).find());
    }
}
