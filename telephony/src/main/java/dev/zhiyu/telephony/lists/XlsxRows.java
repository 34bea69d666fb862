package dev.zhiyu.telephony.lists;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the first sheet of an XLSX call list row by row into a {@link RowCollector} with POI's SAX event reader,
 * never as a workbook, so memory stays flat for million-row files; zip bombs and oversized parts are refused.
 */
final class XlsxRows {
    /** Anything compressing better than 100:1 is treated as a zip bomb. */
    static final double MIN_INFLATE_RATIO = 0.01;
    /** A sheet is streamed, so it may be large; 1 GiB of XML is far more than a million rows of a few columns. */
    static final long MAX_ENTRY_BYTES = 1L << 30;
    /** The shared-strings part is held in memory (one Java string per distinct text), so it has its own, lower cap. */
    static final long MAX_SHARED_STRINGS_BYTES = 200L * 1024 * 1024;

    private XlsxRows() {
    }

    static void read(Path file, RowCollector c) throws IOException {
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
                CountingStream sheet = new CountingStream(raw);
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
            throw new ListFormatException("XLSX 无法读取：" + ListFormatException.describe(e)
                    + "。请用 Excel 打开并另存为 .xlsx 后重新上传");
        }
    }

    /** The workbook's shared strings, read through a byte cap (they are held in memory while the sheet streams). */
    private static SharedStrings sharedStrings(OPCPackage pkg) throws IOException, SAXException {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return new PlainSharedStrings(null); // every text cell is an inline string
        }
        try (InputStream in = new Capped(parts.get(0).getInputStream(), MAX_SHARED_STRINGS_BYTES)) {
            return new PlainSharedStrings(new ReadOnlySharedStringsTable(in, false));
        }
    }

    /** Refuses to read past {@code max} bytes. */
    private static final class Capped extends CountingStream {
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
        private final RowCollector c;
        private final List<String> row = new ArrayList<>();
        private int next;

        SheetRows(RowCollector c) {
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
}
