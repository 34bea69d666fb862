package dev.zhiyu.telephony.lists;

import dev.zhiyu.telephony.Lead;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a CSV or XLSX call list into a {@link LeadSink}: rows are validated one at a time (memory stays flat
 * for million-row files), numbers normalised with libphonenumber, duplicates within the file and against the
 * list dropped, bad rows reported with row and field. A file that cannot be read is refused whole.
 */
public final class CallListImporter {

    public static final int MAX_REPORTED_ERRORS = 1_000;

    private final String region;
    private final long maxRows;

    /** @param maxRows rows beyond this refuse the file (guards against huge sheets) */
    public CallListImporter(String region, long maxRows) {
        this.region = region;
        this.maxRows = maxRows;
    }

    public ImportReport importFile(String listId, String fileName, InputStream in, ColumnMapping mapping, LeadSink sink) {
        Collector c = new Collector(listId, mapping, sink);
        try {
            String name = fileName.toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".xlsx")) {
                xlsx(in, c);
            } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
                csv(in, c);
            } else {
                throw new ListFormatException("只支持 CSV 或 XLSX 文件: " + fileName);
            }
            if (c.headers == null) {
                throw new ListFormatException("文件为空，没有表头");
            }
            sink.commit();
            return c.report(null);
        } catch (ListFormatException e) {
            sink.abort();
            return c.failed(e.getMessage());
        } catch (IOException | RuntimeException e) {
            sink.abort();
            return c.failed("文件无法读取（" + fileName + "）: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Zip bomb") || m.contains("zip bomb") || m.contains("ratio")) {
            return "疑似压缩炸弹，已拒绝";
        }
        if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
            return "不是 UTF-8 编码的 CSV（请另存为 UTF-8）";
        }
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    private void csv(InputStream in, Collector c) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in);
        b.mark(3);
        if (!(b.read() == 0xEF && b.read() == 0xBB && b.read() == 0xBF)) {
            b.reset(); // Excel writes a UTF-8 BOM
        }
        Reader reader = new InputStreamReader(b, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(reader)) {
            for (CSVRecord r : parser) {
                List<String> cells = new ArrayList<>(r.size());
                r.forEach(cells::add);
                c.row(r.getRecordNumber(), cells);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new ListFormatException("CSV 格式错误: " + describe(e.getCause()));
        }
    }

    private void xlsx(InputStream in, Collector c) throws IOException {
        ZipSecureFile.setMinInflateRatio(0.01);          // anything compressing better than 100:1 is a bomb
        ZipSecureFile.setMaxEntrySize(200L * 1024 * 1024);
        Path tmp = Files.createTempFile("zhiyu-list", ".xlsx");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (OPCPackage pkg = OPCPackage.open(tmp.toFile(), PackageAccess.READ)) {
                XSSFReader reader = new XSSFReader(pkg);
                ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
                XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
                if (!sheets.hasNext()) {
                    throw new ListFormatException("XLSX 中没有工作表");
                }
                try (InputStream sheet = sheets.next()) {
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                            new SheetRows(c), new DataFormatter(), false));
                    xml.parse(new InputSource(sheet));
                }
            } catch (ListFormatException e) {
                throw e;
            } catch (Exception e) {
                throw new ListFormatException("XLSX 无法读取: " + describe(e));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Collects one sheet's rows from POI's streaming handler. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Collector c;
        private final Map<Integer, String> cells = new HashMap<>();
        private int rowNum;

        SheetRows(Collector c) {
            this.c = c;
        }

        @Override
        public void startRow(int rowNum) {
            this.rowNum = rowNum;
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            int width = cells.keySet().stream().mapToInt(i -> i + 1).max().orElse(0);
            List<String> row = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                row.add(cells.getOrDefault(i, ""));
            }
            if (!row.isEmpty()) {
                c.row(rowNum + 1L, row);
            }
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            cells.put((int) new org.apache.poi.ss.util.CellReference(ref).getCol(), value == null ? "" : value);
        }
    }

    /** Per-import state: header, dedupe set, counters. */
    private final class Collector {
        final String listId;
        final ColumnMapping mapping;
        final LeadSink sink;
        final LongSet seen = new LongSet();
        final List<RowError> errors = new ArrayList<>();
        List<String> headers;
        int phoneAt;
        long rows;
        long imported;
        long duplicates;
        long rejected;

        Collector(String listId, ColumnMapping mapping, LeadSink sink) {
            this.listId = listId;
            this.mapping = mapping;
            this.sink = sink;
        }

        void row(long lineNo, List<String> cells) {
            if (headers == null) {
                headers = cells.stream().map(String::strip).toList();
                phoneAt = mapping.phoneIndex(headers);
                if (phoneAt < 0) {
                    throw new ListFormatException("找不到号码列（表头: " + headers + "），请指定号码列名");
                }
                return;
            }
            if (++rows > maxRows) {
                throw new ListFormatException("文件超过 " + maxRows + " 行上限，未导入任何数据");
            }
            String raw = phoneAt < cells.size() ? cells.get(phoneAt) : "";
            PhoneNumbers.Parsed p = PhoneNumbers.parse(raw, region);
            if (!p.ok()) {
                reject(lineNo, headers.get(phoneAt), p.error());
                return;
            }
            if (!seen.add(Long.parseLong(p.e164().substring(1)))) {
                duplicates++;
                return;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(cells.size(), headers.size()); i++) {
                if (i != phoneAt && !headers.get(i).isEmpty() && !cells.get(i).isBlank()) {
                    vars.put(headers.get(i), cells.get(i).strip());
                }
            }
            if (sink.add(new Lead(listId + ":" + p.e164(), listId, lineNo, p.e164(), p.dial(), vars))) {
                imported++;
            } else {
                duplicates++;
            }
        }

        void reject(long row, String field, String message) {
            rejected++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(new RowError(row, field, "第 " + row + " 行「" + field + "」: " + message));
            }
        }

        ImportReport report(String fileError) {
            return new ImportReport(rows, imported, duplicates, rejected, errors, fileError);
        }

        ImportReport failed(String message) {
            return new ImportReport(rows, 0, 0, rejected, errors, message);
        }
    }

    /** Raised for a file that must be refused as a whole. */
    static final class ListFormatException extends RuntimeException {
        ListFormatException(String message) {
            super(message);
        }
    }
}
