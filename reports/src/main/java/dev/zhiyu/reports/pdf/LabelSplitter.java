package dev.zhiyu.reports.pdf;

import java.util.List;

/**
 * Decides which wrapped label lines belong to which row when rows sit as close together as the lines inside a
 * cell. Cells centre their content vertically, so each row's label lines should be centred on its value line; a
 * small dynamic programme picks how many label lines above the first value line belong to it, and for every run
 * of label-only lines between two value lines how many go up and how many go down. Ties go up (a label that starts
 * on its value line and continues below).
 */
public final class LabelSplitter {
    /** Per line pushed down to the next row: makes "up" win exact ties without outweighing geometry. */
    private static final float TIE_BREAK = 0.05f;
    /** The last row takes trailing lines only if that centres its text clearly better. */
    private static final float TAKE_TRAILING = 0.75f;

    /** Row k spans lines [from[k], to[k]) of the run. */
    public record Spans(int[] from, int[] to) {
    }

    private LabelSplitter() {
    }

    public static Spans split(List<Line> run, List<Integer> numeric) {
        int k = numeric.size();
        int lead = labelLinesAbove(run, numeric.get(0));
        int[] gap = new int[k];
        for (int j = 0; j < k; j++) {
            int end = j + 1 < k ? numeric.get(j + 1) : numeric.get(j) + 1 + labelLinesBelow(run, numeric.get(j));
            gap[j] = end - numeric.get(j) - 1;
        }
        // cost[j][s]: best total for rows 0..j when row j takes the first s lines of the gap below it
        float[][] cost = new float[k][];
        int[][] back = new int[k][];
        for (int j = 0; j < k; j++) {
            int n = numeric.get(j);
            cost[j] = new float[gap[j] + 1];
            back[j] = new int[gap[j] + 1];
            int options = j == 0 ? lead : gap[j - 1];
            for (int s = 0; s <= gap[j]; s++) {
                float best = Float.MAX_VALUE;
                for (int p = 0; p <= options; p++) {
                    int from = j == 0 ? n - p : numeric.get(j - 1) + 1 + p;
                    float prev = j == 0 ? TIE_BREAK * (lead - p) : cost[j - 1][p] + TIE_BREAK * (options - p);
                    float c = prev + rowCost(run, from, n, n + s);
                    if (c < best) {
                        best = c;
                        back[j][s] = p;
                    }
                }
                cost[j][s] = best;
            }
        }
        int s = 0;
        for (int t = 1; t <= gap[k - 1]; t++) if (cost[k - 1][t] + TIE_BREAK * 0 < cost[k - 1][s] - TAKE_TRAILING) s = t;
        s = Math.max(s, wrappedContinuation(run, numeric.get(k - 1), gap[k - 1]));
        int[] from = new int[k], to = new int[k];
        for (int j = k - 1; j >= 0; j--) {
            to[j] = numeric.get(j) + 1 + s;
            int p = back[j][s];
            from[j] = j == 0 ? numeric.get(0) - p : numeric.get(j - 1) + 1 + p;
            s = p;
        }
        return new Spans(from, to);
    }

    /**
     * Trailing lines the last row takes because its label was wrapped: the line above each is as wide as the
     * widest label in the run, so the text ran out of room rather than ending.
     */
    private static int wrappedContinuation(List<Line> run, int valueLine, int available) {
        float right = labelColumnRight(run, valueLine);
        float widest = 0;
        for (Line l : run)
            for (Segment seg : l.segments()) if (seg.box().right() <= right) widest = Math.max(widest, seg.box().right());
        int taken = 0;
        Line prev = run.get(valueLine);
        while (taken < available) {
            float prevRight = prev.segments().get(0).box().right();
            if (prevRight < widest - prev.fontSize() * 1.2f) break;
            taken++;
            prev = run.get(valueLine + taken);
        }
        return taken;
    }

    private static float labelColumnRight(List<Line> run, int valueLine) {
        return RowAssembler.values(run.get(valueLine)).get(0).box().x() + 1;
    }

    private static int labelLinesAbove(List<Line> run, int n) {
        float right = labelColumnRight(run, n);
        int c = 0;
        for (int i = n - 1; i >= 0 && isLabelLine(run.get(i), right); i--) c++;
        return c;
    }

    private static int labelLinesBelow(List<Line> run, int n) {
        float right = labelColumnRight(run, n);
        int c = 0;
        for (int i = n + 1; i < run.size() && isLabelLine(run.get(i), right); i++) c++;
        return c;
    }

    /** A line that can belong to a neighbouring row: a label and/or reason-cell fragment (runs hold no headers). */
    private static boolean isLabelLine(Line l, float right) {
        return l.segments().size() <= 2 && RowAssembler.values(l).isEmpty();
    }

    /** How far the text of lines [from, to] (labels and reason cells, not numbers) is from being centred on the value line. */
    private static float rowCost(List<Line> run, int from, int valueLine, int to) {
        float top = Float.MAX_VALUE, bottom = -Float.MAX_VALUE;
        Line v = run.get(valueLine);
        float right = labelColumnRight(run, valueLine);
        List<Segment> values = RowAssembler.values(v);
        for (int i = from; i <= to; i++) {
            for (Segment s : run.get(i).segments()) {
                if (values.contains(s)) continue;
                top = Math.min(top, s.box().y());
                bottom = Math.max(bottom, s.box().bottom());
            }
        }
        if (top == Float.MAX_VALUE) return 0;
        return Math.abs((top + bottom) / 2 - v.box().centerY());
    }
}
