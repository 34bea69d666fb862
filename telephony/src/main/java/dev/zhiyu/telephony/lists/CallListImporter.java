package dev.zhiyu.telephony.lists;

import dev.zhiyu.telephony.Lead;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    /** Anything compressing better than 100:1 is treated as a zip bomb. */
    static final double MIN_INFLATE_RATIO = 0.01;
    /** A sheet is streamed, so it may be large; 1 GiB of XML is far more than a million rows of a few columns. */
    static final long MAX_ENTRY_BYTES = 1L << 30;
    /** The shared-strings part is held in memory (one Java string per distinct text), so it has its own, lower cap. */
    static final long MAX_SHARED_STRINGS_BYTES = 200L * 1024 * 1024;

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
                    xlsx(tmp, c);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                csv(in, size, c);
            }
        });
    }

    /** Reads a file already on disk (an XLSX is opened in place rather than copied first). */
    public ImportReport importFile(String listId, Path file, String fileName, ColumnMapping mapping, LeadSink sink,
                                   ImportProgress progress) {
        return run(listId, fileName, mapping, sink, progress, c -> {
            if (xlsx(fileName)) {
                xlsx(file, c);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    csv(in, Files.size(file), c);
                }
            }
        });
    }

    private interface Reading {
        void read(Collector c) throws IOException;
    }

    private static boolean xlsx(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    private ImportReport run(String listId, String fileName, ColumnMapping mapping, LeadSink sink,
                             ImportProgress progress, Reading reading) {
        Collector c = new Collector(listId, mapping, sink, progress);
        try {
            String name = fileName.toLowerCase(Locale.ROOT);
            if (!name.endsWith(".xlsx") && !name.endsWith(".csv") && !name.endsWith(".txt")) {
                throw new ListFormatException("只支持 CSV 或 XLSX 文件（" + fileName + "）：请在 Excel 中另存为 .xlsx，"
                        + "或另存为 UTF-8 编码的 .csv 后重新上传");
            }
            reading.read(c);
            if (c.headers == null) {
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
            return c.failed("保存名单失败，未导入任何数据：" + describe(e.getCause()) + "。请稍后重新上传；一再失败请联系管理员");
        } catch (IOException | RuntimeException e) {
            sink.abort();
            return c.failed("文件无法读取（" + fileName + "）：" + describe(e) + "。请检查文件后重新上传");
        }
    }

    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Zip bomb") || m.contains("zip bomb") || m.contains("ratio")) {
            return "疑似压缩炸弹，已拒绝";
        }
        if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
            return "不是 UTF-8 编码的 CSV（请在 Excel 中另存为“CSV UTF-8”，或在文本编辑器中改存为 UTF-8 后重新上传）";
        }
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    private void csv(InputStream in, long size, Collector c) throws IOException {
        Counting counted = new Counting(in);
        c.position = () -> size > 0 ? Math.min(1.0, counted.count / (double) size) : -1;
        BufferedInputStream b = new BufferedInputStream(counted, 1 << 16);
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
            if (e.getCause() instanceof CharacterCodingException) {
                throw new ListFormatException(describe(e.getCause()));
            }
            throw new ListFormatException("CSV 格式错误：" + describe(e.getCause())
                    + "。请检查引号是否成对（单元格内的引号要写成两个），修正后重新上传");
        }
    }

    private void xlsx(Path file, Collector c) throws IOException {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            SharedStrings strings = sharedStrings(pkg);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new ListFormatException("XLSX 中没有工作表：请把名单放在第一个工作表后重新上传");
            }
            try (InputStream raw = sheets.next()) {
                PackagePart part = sheets.getSheetPart();
                long size = part == null ? -1 : part.getSize();
                Counting sheet = new Counting(raw);
                c.position = () -> size > 0 ? Math.min(1.0, sheet.count / (double) size) : -1;
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                        new SheetRows(c), new DataFormatter(), false));
                xml.parse(new InputSource(new BufferedInputStream(sheet, 1 << 16)));
            }
        } catch (ListFormatException | StoreFailure e) {
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof ListFormatException l) {
                throw l; // thrown from the row handler inside the SAX parser
            }
            if (e.getCause() instanceof StoreFailure f) {
                throw f;
            }
            throw new ListFormatException("XLSX 无法读取：" + describe(e) + "。请用 Excel 打开并另存为 .xlsx 后重新上传");
        }
    }

    /** The workbook's shared strings, read through a byte cap (they are held in memory while the sheet streams). */
    private static SharedStrings sharedStrings(OPCPackage pkg) throws IOException, org.xml.sax.SAXException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return new PlainStrings(null); // every text cell is an inline string
        }
        try (InputStream in = new Capped(parts.get(0).getInputStream(), MAX_SHARED_STRINGS_BYTES)) {
            return new PlainStrings(new ReadOnlySharedStringsTable(in, false));
        }
    }

    /**
     * POI's read-only table keeps plain strings but wraps each lookup in an XMLBeans-backed rich text; the sheet
     * handler only ever asks for the string, so hand it a plain one.
     */
    private record PlainStrings(ReadOnlySharedStringsTable table) implements SharedStrings {
        @Override
        public RichTextString getItemAt(int idx) {
            if (table == null) {
                throw new ListFormatException("XLSX 引用了不存在的共享字符串：请用 Excel 打开并另存为 .xlsx 后重新上传");
            }
            return new PlainText(table.getItemAt(idx).getString());
        }

        @Override
        public int getCount() {
            return table == null ? 0 : table.getCount();
        }

        @Override
        public int getUniqueCount() {
            return table == null ? 0 : table.getUniqueCount();
        }
    }

    /** Read-only text: the sheet handler only reads it, so the formatting methods are refused. */
    private static final class PlainText implements RichTextString {
        private final String text;

        PlainText(String text) {
            this.text = text;
        }

        @Override
        public String getString() {
            return text;
        }

        @Override
        public void applyFont(int startIndex, int endIndex, short fontIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(int startIndex, int endIndex, Font font) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(Font font) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(short fontIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clearFormatting() {
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public int numFormattingRuns() {
            return 0;
        }

        @Override
        public int getIndexOfFormattingRun(int index) {
            return 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Counts bytes as they are read (for the progress fraction). */
    private static class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Refuses to read past {@code max} bytes. */
    private static final class Capped extends Counting {
        private final long max;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, (int) Math.min(len, max - count + 1));
        }

        private void check() {
            if (count > max) {
                throw new ListFormatException("XLSX 中的文字内容过多（共享字符串超过 " + max / 1024 / 1024
                        + " MB）：请删去不需要的列，或拆分成几个文件后分别上传");
            }
        }
    }

    /** Collects one sheet's rows from POI's streaming handler. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final Collector c;
        private final List<String> row = new ArrayList<>();
        private int next;

        SheetRows(Collector c) {
            this.c = c;
        }

        @Override
        public void startRow(int rowNum) {
            row.clear();
            next = 0;
        }

        @Override
        public void endRow(int rowNum) {
            if (!row.isEmpty()) {
                c.row(rowNum + 1L, new ArrayList<>(row));
            }
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = ref == null ? next : column(ref);
            while (row.size() < col) {
                row.add("");
            }
            String v = value == null ? "" : value;
            if (col < row.size()) {
                row.set(col, v);
            } else {
                row.add(v);
            }
            next = col + 1;
        }

        /** "AB12" → 27. */
        static int column(String ref) {
            int col = 0;
            for (int i = 0; i < ref.length(); i++) {
                char ch = ref.charAt(i);
                if (ch >= 'A' && ch <= 'Z') {
                    col = col * 26 + (ch - 'A' + 1);
                } else if (ch >= 'a' && ch <= 'z') {
                    col = col * 26 + (ch - 'a' + 1);
                } else {
                    break;
                }
            }
            return col - 1;
        }
    }

    /** Per-import state: header, dedupe set, counters. */
    private final class Collector {
        final String listId;
        final ColumnMapping mapping;
        final LeadSink sink;
        final ImportProgress progress;
        final LongSet seen = new LongSet();
        final List<RowError> errors = new ArrayList<>();
        java.util.function.DoubleSupplier position = () -> -1;
        List<String> headers;
        int phoneAt;
        long rows;
        long imported;
        long duplicates;
        long rejected;

        Collector(String listId, ColumnMapping mapping, LeadSink sink, ImportProgress progress) {
            this.listId = listId;
            this.mapping = mapping;
            this.sink = sink;
            this.progress = progress;
        }

        void row(long lineNo, List<String> cells) {
            if (headers == null) {
                headers = cells.stream().map(String::strip).toList();
                phoneAt = mapping.phoneIndex(headers);
                if (phoneAt < 0) {
                    throw new ListFormatException("找不到号码列（表头: " + headers + "）：请把号码列的表头改为 手机号、电话 或 phone，"
                            + "或在上传时指定号码列名（phoneColumn）");
                }
                return;
            }
            if (++rows > maxRows) {
                throw new ListFormatException("文件超过 " + maxRows + " 行上限，未导入任何数据：请拆分成每份不超过 " + maxRows
                        + " 行的文件后分别上传");
            }
            accept(lineNo, cells);
            if (rows % PROGRESS_EVERY == 0) {
                progress.reading(report(null), position.getAsDouble());
            }
        }

        private void accept(long lineNo, List<String> cells) {
            String raw = phoneAt < cells.size() ? cells.get(phoneAt) : "";
            PhoneNumbers.Parsed p = PhoneNumbers.parse(raw, region);
            if (!p.ok()) {
                reject(lineNo, headers.get(phoneAt), p.error());
                return;
            }
            if (!seen.add(LongSet.e164(p.e164()))) {
                duplicates++;
                return;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(cells.size(), headers.size()); i++) {
                if (i != phoneAt && !headers.get(i).isEmpty() && !cells.get(i).isBlank()) {
                    vars.put(headers.get(i), cells.get(i).strip());
                }
            }
            boolean added;
            try {
                added = sink.add(new Lead(listId + ":" + p.e164(), listId, lineNo, p.e164(), p.dial(), vars));
            } catch (RuntimeException e) {
                throw new StoreFailure(e);
            }
            if (added) {
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

    /** The sink could not store what was read (the database, not the file). */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Raised for a file that must be refused as a whole. */
    static final class ListFormatException extends RuntimeException {
        ListFormatException(String message) {
            super(message);
        }
    }
}
