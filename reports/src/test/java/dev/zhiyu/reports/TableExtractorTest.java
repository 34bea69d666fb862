package dev.zhiyu.reports;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.Numbers;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.tables.StreamTables;
import dev.zhiyu.reports.tables.Table;
import dev.zhiyu.reports.tables.TableExtractor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two table algorithms behind one seam read the same page: the text layer's table and the stream grid of its region. */
class TableExtractorTest {
    @Test
    void theStreamGridOfATextLayerTablesRegionHoldsItsValues() throws IOException {
        ParsedReport r = SampleReports.byPrefix("2017-04__张家界");
        for (PageText page : r.pages) {
            if (page == null) continue;
            List<Table> text = TableExtractor.TEXT_LAYER.extract(page);
            if (text.isEmpty()) continue;
            Table t = text.get(0);
            Box region = t.rows().stream().flatMap(List::stream).map(Table.Cell::source).filter(Objects::nonNull)
                    .map(c -> c.box()).reduce(Box::union).orElseThrow();
            List<Table> stream = new StreamTables(region).extract(page);
            assertEquals(1, stream.size());
            assertEquals("stream", stream.get(0).method());
            List<String> cells = stream.get(0).rows().stream().flatMap(List::stream).map(Table.Cell::text).toList();
            List<String> values = t.rows().stream().flatMap(List::stream).map(Table.Cell::text).filter(Numbers::isValue)
                    .toList();
            assertFalse(values.isEmpty());
            for (String v : values)
                assertTrue(cells.stream().anyMatch(c -> c.contains(v)), v + " not in the stream grid " + cells);
            return;
        }
        throw new AssertionError("no page with a text-layer table");
    }
}
