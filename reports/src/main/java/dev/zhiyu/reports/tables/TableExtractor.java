package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.PageText;

import java.io.IOException;
import java.util.List;

/**
 * One way of finding the tables on a page, as Tabula runs its extraction algorithms over a page: the text layer's
 * rows with values ({@link #TEXT_LAYER}), Tabula's lattice on ruled pages ({@link TabulaTables}), or the stream grid
 * of a known region ({@link StreamTables}).
 */
public interface TableExtractor {
    /** Runs of text-layer rows with values, with their header lines and caption ({@link TableFinder}). */
    TableExtractor TEXT_LAYER = TableFinder::onPage;

    List<Table> extract(PageText page) throws IOException;
}
