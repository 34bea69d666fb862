package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.PdfText;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Tables from the text layer: a run of rows with values, the multi-column lines just above it as header, the
 * nearest single line above that as caption. A table that runs to the foot of a page and resumes at the top of the
 * next with the same number of columns is merged, and the resumed page's repeated header is dropped.
 */
public final class TableFinder {
    private static final int MIN_ROWS = 2;

    private TableFinder() {
    }

    public static List<Table> tables(List<PageText> pages) {
        List<Table> raw = new ArrayList<>();
        for (PageText p : pages) if (p != null) raw.addAll(onPage(p));
        return merge(raw, pages);
    }

    /** Text-layer tables, each replaced by Tabula's lattice table where the page is ruled and the lattice is sane. */
    public static List<Table> tables(List<PageText> pages, byte[] pdf, String name) {
        List<Table> raw = new ArrayList<>();
        try (var doc = PdfText.open(pdf, name)) {
            TableExtractor ruled = new TabulaTables(doc);
            for (PageText p : pages) {
                if (p == null) continue;
                List<Table> text = TableExtractor.TEXT_LAYER.extract(p);
                if (text.isEmpty()) continue;
                raw.addAll(replaceRuled(text, ruled.extract(p)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            return tables(pages);
        }
        return merge(raw, pages);
    }

    /** Each text table overlapped by sane lattice tables is replaced by them (keeping its caption and unit). */
    static List<Table> replaceRuled(List<Table> text, List<Table> ruled) {
        List<Table> out = new ArrayList<>();
        List<Table> used = new ArrayList<>();
        for (Table t : text) {
            List<Table> over = ruled.stream().filter(r -> !used.contains(r) && overlaps(extent(t), extent(r))).toList();
            if (over.isEmpty()) {
                out.add(t);
                continue;
            }
            for (Table r : over) out.add(new Table(r.page(), r.lastPage(), t.caption(), t.unit(), r.method(), r.rows()));
            used.addAll(over);
        }
        return out;
    }

    private static float[] extent(Table t) {
        float top = Float.MAX_VALUE, bottom = -Float.MAX_VALUE;
        for (List<Table.Cell> row : t.rows())
            for (Table.Cell c : row) {
                if (c.source() == null) continue;
                top = Math.min(top, c.source().box().y());
                bottom = Math.max(bottom, c.source().box().bottom());
            }
        return new float[]{top, bottom};
    }

    private static boolean overlaps(float[] a, float[] b) {
        return Math.min(a[1], b[1]) - Math.max(a[0], b[0]) > 0.5f * Math.min(a[1] - a[0], b[1] - b[0]);
    }

    static List<Table> onPage(PageText page) {
        List<TextRow> rows = page.rows();
        List<Table> out = new ArrayList<>();
        int i = 0;
        while (i < rows.size()) {
            if (!rows.get(i).numeric()) {
                i++;
                continue;
            }
            int start = i;
            while (i < rows.size() && (rows.get(i).numeric() || isInnerHeader(rows, i))) i++;
            if (countNumeric(rows, start, i) >= MIN_ROWS) out.add(table(page, rows, start, i));
        }
        return out;
    }

    private static boolean isInnerHeader(List<TextRow> rows, int i) {
        return rows.get(i).texts().size() >= 2 && i + 1 < rows.size() && rows.get(i + 1).numeric();
    }

    private static long countNumeric(List<TextRow> rows, int from, int to) {
        return rows.subList(from, to).stream().filter(TextRow::numeric).count();
    }

    private static Table table(PageText page, List<TextRow> rows, int start, int end) {
        List<List<Table.Cell>> cells = new ArrayList<>();
        float valueX = rows.get(start).values().get(0).box().x();
        int h = start;
        while (h > 0 && start - h < 6 && isHeaderLine(page, rows.get(h - 1), valueX)) h--;
        String caption = "", unit = "";
        for (int k = h - 1; k >= Math.max(0, h - 3); k--) {
            TextRow r = rows.get(k);
            if (r.numeric() || page.furniture(r.box())) break;
            String t = joined(r);
            if (unit.isEmpty() && t.contains("单位") && Numbers.scale(t).isPresent()) unit = t;
            else if (caption.isEmpty() && !t.contains("适用") && !t.contains("□")) caption = t;
        }
        for (int k = h; k < end; k++) cells.add(cells(page.page(), rows.get(k)));
        return new Table(page.page(), page.page(), caption, unit, "text", cells);
    }

    /** A header line of the table below: several cells, or one fragment standing over the value columns. */
    private static boolean isHeaderLine(PageText page, TextRow r, float valueX) {
        if (r.numeric() || page.furniture(r.box()) || joined(r).contains("单位")) return false;
        return r.texts().size() >= 2 || r.texts().size() == 1 && r.texts().get(0).box().x() >= valueX - 2;
    }

    private static List<Table.Cell> cells(int page, TextRow r) {
        List<Table.Cell> out = new ArrayList<>();
        if (r.numeric()) {
            out.add(new Table.Cell(r.label(), r.labelBox() == null ? null : new CellRef(page, r.labelBox(), r.label())));
            for (Segment s : r.values()) out.add(new Table.Cell(s.text(), new CellRef(page, s.box(), s.text())));
        } else {
            for (Segment s : r.texts()) out.add(new Table.Cell(s.text(), new CellRef(page, s.box(), s.text())));
        }
        return out;
    }

    private static String joined(TextRow r) {
        StringBuilder b = new StringBuilder(r.label());
        for (Segment s : r.texts()) b.append(s.text());
        return b.toString();
    }

    static List<Table> merge(List<Table> tables, List<PageText> pages) {
        List<Table> out = new ArrayList<>();
        for (Table t : tables) {
            Table prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && continues(prev, t, pages)) out.set(out.size() - 1, join(prev, t));
            else out.add(t);
        }
        return out;
    }

    private static boolean continues(Table prev, Table next, List<PageText> pages) {
        if (next.page() != prev.lastPage() + 1 || !next.caption().isEmpty() && !prev.caption().equals(next.caption())) return false;
        PageText a = pages.get(prev.lastPage() - 1), b = pages.get(next.page() - 1);
        float prevBottom = lastBox(prev).bottom(), nextTop = firstBox(next).y();
        return prevBottom > a.height() * 0.7f && nextTop < b.height() * 0.3f && dataColumns(prev) == dataColumns(next);
    }

    private static int dataColumns(Table t) {
        return t.rows().stream().filter(r -> r.size() > 1 && Numbers.isValue(r.get(r.size() - 1).text()))
                .mapToInt(List::size).max().orElse(0);
    }

    private static Box lastBox(Table t) {
        var row = t.rows().get(t.rows().size() - 1);
        return row.get(row.size() - 1).source().box();
    }

    private static Box firstBox(Table t) {
        var row = t.rows().get(0);
        return row.get(row.size() - 1).source().box();
    }

    private static Table join(Table a, Table b) {
        List<List<Table.Cell>> rows = new ArrayList<>(a.rows());
        for (List<Table.Cell> r : b.rows()) {
            if (rows.stream().limit(4).anyMatch(h -> sameText(h, r))) continue;
            rows.add(r);
        }
        return new Table(a.page(), b.lastPage(), a.caption(), a.unit(), a.method(), rows);
    }

    private static boolean sameText(List<Table.Cell> x, List<Table.Cell> y) {
        return x.stream().map(Table.Cell::text).toList().equals(y.stream().map(Table.Cell::text).toList());
    }
}
