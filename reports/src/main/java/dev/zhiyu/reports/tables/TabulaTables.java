package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Line;
import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Segment;
import org.apache.pdfbox.pdmodel.PDDocument;
import technology.tabula.ObjectExtractor;
import technology.tabula.Page;
import technology.tabula.RectangularTextContainer;
import technology.tabula.extractors.SpreadsheetExtractionAlgorithm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Ruled tables through Tabula's lattice algorithm, on the pages where the text layer found tables. Tabula's cell
 * text is replaced by the PDFBox text-layer segments whose centres fall inside the cell (Tabula clips the first
 * character of labels on some Word-2007 reports); a lattice result that splits logical rows (values with no label
 * in many rows) is rejected and the text-layer table kept.
 */
final class TabulaTables implements TableExtractor {
    private final PDDocument doc;

    TabulaTables(PDDocument doc) {
        this.doc = doc;
    }

    @Override
    public List<Table> extract(PageText text) throws IOException {
        ObjectExtractor oe = new ObjectExtractor(doc);
        Page page = oe.extract(text.page());
        if (page.getHorizontalRulings().size() < 3) return List.of();
        List<Table> out = new ArrayList<>();
        for (technology.tabula.Table t : new SpreadsheetExtractionAlgorithm().extract(page)) {
            Table table = convert(t, text);
            if (table != null && sane(table)) out.add(table);
        }
        return out;
    }

    private static Table convert(technology.tabula.Table t, PageText text) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (List<RectangularTextContainer> row : t.getRows()) {
            List<Table.Cell> cells = new ArrayList<>();
            for (RectangularTextContainer c : row) {
                Box box = new Box((float) c.getX(), (float) c.getY(), (float) c.getWidth(), (float) c.getHeight());
                String s = textInside(text, box);
                cells.add(new Table.Cell(s, new CellRef(text.page(), box, s)));
            }
            if (cells.stream().anyMatch(c -> !c.text().isEmpty())) rows.add(cells);
        }
        if (rows.size() < 2) return null;
        return new Table(text.page(), text.page(), "", "", "tabula-lattice+pdfbox-text", rows);
    }

    static String textInside(PageText page, Box cell) {
        StringBuilder b = new StringBuilder();
        for (Line l : page.lines())
            for (Segment s : l.segments()) if (cell.containsCenterOf(s.box())) b.append(s.text());
        return b.toString();
    }

    /** Rejects lattice output that broke rows apart: many rows with values but an empty first cell. */
    static boolean sane(Table t) {
        int withValues = 0, orphaned = 0;
        for (List<Table.Cell> row : t.rows()) {
            boolean values = row.stream().skip(1).anyMatch(c -> Numbers.isValue(c.text()));
            if (!values) continue;
            withValues++;
            if (row.get(0).text().isBlank()) orphaned++;
        }
        return orphaned * 5 <= withValues;
    }
}
