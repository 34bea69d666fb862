package dev.zhiyu.telephony.lists;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An uploaded call list is read whole or refused with a message for the operator; nothing is half stored and no
 * programming error (a JDK exception's own text) reaches the message. The first input byte picks the form:
 * 0 a CSV file, 1 a valid XLSX package around a fuzzed sheet and shared-strings part (split at the first NUL),
 * 2 raw XLSX bytes.
 */
class CallListFuzzTest {
    /**
     * What the JDK says for NPEs, bad indexes and casts (unless the file itself says it, echoed in the message):
     * a bug of ours, never a message for the operator.
     */
    static final Pattern PROGRAMMING_ERROR = Pattern.compile(
            "Cannot (invoke|read|load|store|assign)|because \"|out of bounds|cannot be cast|：null。");

    private final CallListImporter importer = new CallListImporter("CN", 1_000);

    @MethodSource("seeds")
    @FuzzTest
    void importList(byte[] input) {
        if (input.length < 1) {
            return;
        }
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        int form = (input[0] & 0xff) % 3;
        if (form == 1) {
            int nul = indexOf(file, (byte) 0);
            file = xlsx(Arrays.copyOf(file, nul), Arrays.copyOfRange(file, Math.min(file.length, nul + 1), file.length));
        }
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L", form == 0 ? "list.csv" : "list.xlsx", new ByteArrayInputStream(file),
                ColumnMapping.auto(), sink);
        if (r.ok()) {
            assertEquals(r.imported(), sink.committed.size());
        } else {
            assertEquals(0, sink.committed.size(), "a refused file stores nothing");
            assertFalse(r.fileError().isBlank());
            Matcher m = PROGRAMMING_ERROR.matcher(r.fileError());
            assertFalse(m.find() && !new String(input, StandardCharsets.UTF_8).contains(m.group()), r.fileError());
        }
    }

    @Test
    void aCellReferringToASharedStringBeyondTheTableIsRefusedInWords() {
        String sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1725820138</v></c></row></sheetData></worksheet>";
        String strings = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\"9\"/>";
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L", "list.xlsx", new ByteArrayInputStream(xlsx(
                sheet.getBytes(StandardCharsets.UTF_8), strings.getBytes(StandardCharsets.UTF_8))),
                ColumnMapping.auto(), sink);
        assertFalse(r.ok());
        assertTrue(r.fileError().contains("不存在的共享字符串"), r.fileError());
        assertFalse(PROGRAMMING_ERROR.matcher(r.fileError()).find(), r.fileError());
        assertEquals(0, sink.committed.size());
    }

    static Stream<byte[]> seeds() {
        String sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><v>13800138000</v></c><c r=\"C2\" t=\"s\"><v>1</v></c></row>"
                + "</sheetData></worksheet>";
        String strings = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"2\""
                + " uniqueCount=\"2\"><si><t>手机号</t></si><si><r><t>张</t></r><r><t>三</t></r></si></sst>";
        return Stream.of(
                form(0, "\uFEFF手机号,姓名\n13800138000,张三\n\"0571-8888 0000\",\"李\"\"四\"\n\n+86 139 0013 9000,\n"),
                form(0, "phone\n13800138000\n13800138000\nabc\n"),
                form(1, sheet + "\0" + strings),
                form(2, workbook()));
    }

    private static byte[] form(int form, String text) {
        return form(form, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] form(int form, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) form;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return b.length;
    }

    /** The smallest package POI opens: content types, relationships, a workbook of one sheet, shared strings. */
    private static byte[] xlsx(byte[] sheet, byte[] sharedStrings) {
        String ns = "http://schemas.openxmlformats.org/";
        Map<String, String> parts = Map.of(
                "[Content_Types].xml", "<Types xmlns=\"" + ns + "package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                        + "</Types>",
                "_rels/.rels", "<Relationships xmlns=\"" + ns + "package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + ns + "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                        + "</Relationships>",
                "xl/workbook.xml", "<workbook xmlns=\"" + ns + "spreadsheetml/2006/main\" xmlns:r=\"" + ns
                        + "officeDocument/2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + ns + "package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + ns + "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                        + "<Relationship Id=\"rId2\" Type=\"" + ns + "officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                        + "</Relationships>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(sheet);
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            zip.write(sharedStrings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] workbook() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var sheet = wb.createSheet("名单");
            sheet.createRow(0).createCell(0).setCellValue("电话");
            sheet.createRow(1).createCell(0).setCellValue(13800138000d);
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
