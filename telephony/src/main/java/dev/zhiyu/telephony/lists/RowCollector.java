package dev.zhiyu.telephony.lists;

import dev.zhiyu.telephony.Lead;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One import's rows after the header: each number validated and normalised, duplicates within the file dropped (an
 * in-memory {@link LongSet}; the sink drops numbers the list already has), bad rows reported with row and field.
 */
final class RowCollector {
    private final String listId;
    private final ColumnMapping mapping;
    private final LeadSink sink;
    private final ImportProgress progress;
    private final String region;
    private final long maxRows;
    private final LongSet seen = new LongSet();
    private final List<RowError> errors = new ArrayList<>();
    /** How far through the file the reader is, 0..1, or -1 when unknown; set by the reader. */
    DoubleSupplier position = () -> -1;
    private ListHeader header;
    private long rows;
    private long imported;
    private long duplicates;
    private long rejected;

    RowCollector(String listId, ColumnMapping mapping, LeadSink sink, ImportProgress progress, String region,
                 long maxRows) {
        this.listId = listId;
        this.mapping = mapping;
        this.sink = sink;
        this.progress = progress;
        this.region = region;
        this.maxRows = maxRows;
    }

    boolean sawHeader() {
        return header != null;
    }

    /** The first row is the header; every later row is a lead. */
    void row(long lineNo, List<String> cells) {
        if (header == null) {
            header = ListHeader.of(cells, mapping);
            return;
        }
        if (++rows > maxRows) {
            throw new ListFormatException("文件超过 " + maxRows + " 行上限，未导入任何数据：请拆分成每份不超过 " + maxRows
                    + " 行的文件后分别上传");
        }
        accept(lineNo, cells);
        if (rows % CallListImporter.PROGRESS_EVERY == 0) {
            progress.reading(report(null), position.getAsDouble());
        }
    }

    private void accept(long lineNo, List<String> cells) {
        PhoneNumbers.Parsed p = PhoneNumbers.parse(header.phone(cells), region);
        if (!p.ok()) {
            reject(lineNo, header.phoneColumn(), p.error());
            return;
        }
        if (!seen.add(LongSet.e164(p.e164()))) {
            duplicates++;
            return;
        }
        boolean added;
        try {
            added = sink.add(new Lead(listId + ":" + p.e164(), listId, lineNo, p.e164(), p.dial(),
                    header.variables(cells)));
        } catch (RuntimeException e) {
            throw new StoreFailure(e);
        }
        if (added) {
            imported++;
        } else {
            duplicates++;
        }
    }

    private void reject(long row, String field, String message) {
        rejected++;
        if (errors.size() < CallListImporter.MAX_REPORTED_ERRORS) {
            errors.add(new RowError(row, field, "第 " + row + " 行「" + field + "」: " + message));
        }
    }

    ImportReport report(String fileError) {
        return new ImportReport(rows, imported, duplicates, rejected, errors, fileError, columns());
    }

    ImportReport failed(String message) {
        return new ImportReport(rows, 0, 0, rejected, errors, message, columns());
    }

    private List<String> columns() {
        return header == null ? List.of() : header.names();
    }
}
