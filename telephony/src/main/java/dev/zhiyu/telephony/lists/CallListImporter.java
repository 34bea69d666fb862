package dev.zhiyu.telephony.lists;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Streams a CSV or XLSX call list into a {@link LeadSink}: rows are validated one at a time (memory stays flat
 * for million-row files: XLSX sheets are read with POI's SAX event reader, never as a workbook), numbers normalised
 * with libphonenumber, duplicates within the file dropped (an in-memory {@link LongSet}; the sink drops numbers the
 * list already has), bad rows reported with row and field. A file that cannot be read is refused whole: the sink is
 * aborted, so nothing of it is stored.
 */
public final class CallListImporter {

    public static final int MAX_REPORTED_ERRORS = 1_000;
    /** Rows between two {@link ImportProgress#reading} calls. */
    public static final int PROGRESS_EVERY = 1_000;

    private final String region;
    private final long maxRows;

    /** @param maxRows rows beyond this refuse the file (guards against huge sheets) */
    public CallListImporter(String region, long maxRows) {
        this.region = region;
        this.maxRows = maxRows;
    }

    public ImportReport importFile(String listId, String fileName, InputStream in, ColumnMapping mapping, LeadSink sink) {
        return importFile(listId, fileName, in, -1, mapping, sink, ImportProgress.NONE);
    }

    /** @param size bytes the stream holds, if known (for {@link ImportProgress}); else -1 */
    public ImportReport importFile(String listId, String fileName, InputStream in, long size, ColumnMapping mapping,
                                   LeadSink sink, ImportProgress progress) {
        return run(listId, fileName, mapping, sink, progress, c -> {
            if (xlsx(fileName)) {
                Path tmp = Files.createTempFile("zhiyu-list", ".xlsx");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    XlsxRows.read(tmp, c);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                CsvRows.read(in, size, c);
            }
        });
    }

    /** Reads a file already on disk (an XLSX is opened in place rather than copied first). */
    public ImportReport importFile(String listId, Path file, String fileName, ColumnMapping mapping, LeadSink sink,
                                   ImportProgress progress) {
        return run(listId, fileName, mapping, sink, progress, c -> {
            if (xlsx(fileName)) {
                XlsxRows.read(file, c);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    CsvRows.read(in, Files.size(file), c);
                }
            }
        });
    }

    private interface Reading {
        void read(RowCollector c) throws IOException;
    }

    private static boolean xlsx(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    private ImportReport run(String listId, String fileName, ColumnMapping mapping, LeadSink sink,
                             ImportProgress progress, Reading reading) {
        RowCollector c = new RowCollector(listId, mapping, sink, progress, region, maxRows);
        try {
            String name = fileName.toLowerCase(Locale.ROOT);
            if (!name.endsWith(".xlsx") && !name.endsWith(".csv") && !name.endsWith(".txt")) {
                throw new ListFormatException("只支持 CSV 或 XLSX 文件（" + fileName + "）：请在 Excel 中另存为 .xlsx，"
                        + "或另存为 UTF-8 编码的 .csv 后重新上传");
            }
            reading.read(c);
            if (!c.sawHeader()) {
                throw new ListFormatException("文件是空的，没有表头：第一行应为表头（如 手机号,姓名），下面每行一个客户，"
                        + "请检查后重新上传");
            }
            ImportReport all = c.report(null);
            progress.committing(all);
            try {
                sink.commit();
            } catch (RuntimeException e) {
                throw new StoreFailure(e);
            }
            return all;
        } catch (ListFormatException e) {
            sink.abort();
            return c.failed(e.getMessage());
        } catch (StoreFailure e) {
            sink.abort();
            return c.failed("保存名单失败，未导入任何数据：" + ListFormatException.describe(e.getCause())
                    + "。请稍后重新上传；一再失败请联系管理员");
        } catch (IOException | RuntimeException e) {
            sink.abort();
            return c.failed("文件无法读取（" + fileName + "）：" + ListFormatException.describe(e) + "。请检查文件后重新上传");
        }
    }
}
