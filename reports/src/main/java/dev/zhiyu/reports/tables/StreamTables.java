package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Line;
import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Table structure inside a known region from the text layer alone (for unruled tables): rows are the region's
 * lines, with wrapped continuation lines (nothing in the first column, text only under columns the row above
 * filled) folded into the row above; columns are the union of the x-extents of segments from lines with the most
 * common segment count, so headers spanning several columns do not merge them.
 */
public final class StreamTables implements TableExtractor {
    private final Box region;

    /** @param region where the table is on the page (e.g. a ground-truth box) */
    public StreamTables(Box region) {
        this.region = region;
    }

    /** The region's grid as one table (its cells carry no source box). */
    @Override
    public List<Table> extract(PageText page) {
        List<List<Table.Cell>> rows = grid(page, region).stream()
                .map(r -> r.stream().map(t -> new Table.Cell(t, null)).toList()).toList();
        return rows.isEmpty() ? List.of() : List.of(new Table(page.page(), page.page(), "", "", "stream", rows));
    }

    /** The grid of cell texts ("" for empty) of the lines whose centres fall inside {@code region}. */
    public static List<List<String>> grid(PageText page, Box region) {
        List<Line> lines = page.lines().stream().filter(l -> region.containsCenterOf(l.box())).toList();
        List<Line> inside = new ArrayList<>();
        for (Line l : lines) {
            List<Segment> segs = l.segments().stream().filter(s -> region.containsCenterOf(s.box())).toList();
            if (!segs.isEmpty()) inside.add(new Line(l.page(), segs, segs.stream().map(Segment::box).reduce(Box::union).orElseThrow(), l.fontSize()));
        }
        List<float[]> cols = columns(inside);
        List<List<String>> grid = new ArrayList<>();
        List<Line> prevLine = new ArrayList<>();
        for (Line l : inside) {
            String[] row = new String[cols.size()];
            java.util.Arrays.fill(row, "");
            for (Segment s : l.segments()) {
                int c = column(cols, s.box());
                row[c] = row[c].isEmpty() ? s.text() : row[c] + " " + s.text();
            }
            if (!grid.isEmpty() && continuation(row, grid.get(grid.size() - 1), l, prevLine)) {
                List<String> last = grid.get(grid.size() - 1);
                for (int c = 0; c < row.length; c++) if (!row[c].isEmpty()) last.set(c, last.get(c) + " " + row[c]);
            } else grid.add(new ArrayList<>(List.of(row)));
            prevLine = List.of(l);
        }
        return grid;
    }

    /** A wrapped line: close below the previous line, empty first column, only filling columns the row above filled. */
    private static boolean continuation(String[] row, List<String> above, Line l, List<Line> prev) {
        if (prev.isEmpty() || !row[0].isEmpty()) return false;
        Line p = prev.get(0);
        if (l.box().y() - p.box().bottom() > 0.35f * l.box().height()) return false;
        for (int c = 0; c < row.length; c++) if (!row[c].isEmpty() && above.get(c).isEmpty()) return false;
        for (String s : row) if (Numbers.isValue(s)) return false;
        return true;
    }

    static List<float[]> columns(List<Line> lines) {
        int[] counts = new int[64];
        for (Line l : lines) counts[Math.min(63, l.segments().size())]++;
        int mode = 1;
        for (int i = 2; i < 64; i++) if (counts[i] >= counts[mode] && counts[i] > 0) mode = i;
        List<float[]> spans = new ArrayList<>();
        for (Line l : lines) {
            if (l.segments().size() < Math.max(2, mode - 1)) continue;
            for (Segment s : l.segments()) spans.add(new float[]{s.box().x(), s.box().right()});
        }
        if (spans.isEmpty()) for (Line l : lines) for (Segment s : l.segments()) spans.add(new float[]{s.box().x(), s.box().right()});
        spans.sort(Comparator.comparingDouble(a -> a[0]));
        List<float[]> cols = new ArrayList<>();
        for (float[] s : spans) {
            float[] last = cols.isEmpty() ? null : cols.get(cols.size() - 1);
            if (last != null && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
            else cols.add(new float[]{s[0], s[1]});
        }
        return cols;
    }

    private static int column(List<float[]> cols, Box b) {
        int best = 0;
        float bestOverlap = -Float.MAX_VALUE;
        for (int i = 0; i < cols.size(); i++) {
            float overlap = Math.min(cols.get(i)[1], b.right()) - Math.max(cols.get(i)[0], b.x());
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = i;
            }
        }
        return best;
    }
}
