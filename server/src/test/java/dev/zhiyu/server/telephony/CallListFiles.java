package dev.zhiyu.server.telephony;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generated call lists for tests and the import benchmark: {@code 手机号,customer_name,stop_step}, one customer a row,
 * distinct valid mobile numbers, and — when asked — an invalid number every {@code badEvery} rows and a repeat of an
 * earlier number every {@code repeatEvery} rows. XLSX files are written the way Excel writes them (text in the shared
 * strings table, numbers as numeric cells), streamed straight into the zip so a million rows need no memory.
 */
public final class CallListFiles {

    /** What importing the file must report. */
    public record Expected(long rows, long imported, long duplicates, long rejected) {
    }

    private CallListFiles() {
    }

    /** Row {@code i} (0-based data row): its phone number, or null for a row with an invalid number. */
    static String phone(long i, int badEvery, int repeatEvery) {
        if (badEvery > 0 && i % badEvery == badEvery - 1) {
            return null;
        }
        long n = repeatEvery > 0 && i % repeatEvery == repeatEvery - 1 ? i / 2 : i;
        if (badEvery > 0 && n % badEvery == badEvery - 1) {
            n = n - 1; // repeat a row that has a valid number
        }
        return Long.toString(13_000_000_000L + n * 7);
    }

    static Expected expected(long rows, int badEvery, int repeatEvery) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        long bad = 0;
        long dup = 0;
        for (long i = 0; i < rows; i++) {
            String p = phone(i, badEvery, repeatEvery);
            if (p == null) {
                bad++;
            } else if (!seen.add(p)) {
                dup++;
            }
        }
        return new Expected(rows, rows - bad - dup, dup, bad);
    }

    public static Expected csv(Path file, long rows) throws IOException {
        return csv(file, rows, 0, 0);
    }

    public static Expected csv(Path file, long rows, int badEvery, int repeatEvery) throws IOException {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("手机号,customer_name,stop_step\n");
            for (long i = 0; i < rows; i++) {
                String p = phone(i, badEvery, repeatEvery);
                w.write(p == null ? "12345" : p);
                w.write(",客户");
                w.write(Long.toString(i));
                w.write(',');
                w.write(Long.toString(i % 5 + 1));
                w.write('\n');
            }
        }
        return badEvery == 0 && repeatEvery == 0 ? new Expected(rows, rows, 0, 0) : expected(rows, badEvery, repeatEvery);
    }

    public static Expected xlsx(Path file, long rows) throws IOException {
        return xlsx(file, rows, 0, 0);
    }

    public static Expected xlsx(Path file, long rows, int badEvery, int repeatEvery) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            Writer w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
            entry(zip, w, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                    </Types>""");
            entry(zip, w, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, w, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, w, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
                    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                    </Relationships>""");
            entry(zip, w, "xl/styles.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                    <fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>\
                    <fills count="1"><fill><patternFill patternType="none"/></fill></fills>\
                    <borders count="1"><border/></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
                    </styleSheet>""");
            // shared strings: the three headers, then one name per row (every name is distinct, as in a real list)
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\""
                    + (rows + 3) + "\" uniqueCount=\"" + (rows + 3) + "\"><si><t>手机号</t></si><si><t>customer_name</t></si><si><t>stop_step</t></si>");
            for (long i = 0; i < rows; i++) {
                w.write("<si><t>客户");
                w.write(Long.toString(i));
                w.write("</t></si>");
            }
            w.write("</sst>");
            w.flush();
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<dimension ref=\"A1:C" + (rows + 1) + "\"/><sheetData>"
                    + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>");
            for (long i = 0; i < rows; i++) {
                String r = Long.toString(i + 2);
                String p = phone(i, badEvery, repeatEvery);
                w.write("<row r=\"");
                w.write(r);
                w.write("\"><c r=\"A");
                w.write(r);
                w.write("\"><v>");
                w.write(p == null ? "12345" : p);
                w.write("</v></c><c r=\"B");
                w.write(r);
                w.write("\" t=\"s\"><v>");
                w.write(Long.toString(i + 3));
                w.write("</v></c><c r=\"C");
                w.write(r);
                w.write("\"><v>");
                w.write(Long.toString(i % 5 + 1));
                w.write("</v></c></row>");
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();
        }
        return badEvery == 0 && repeatEvery == 0 ? new Expected(rows, rows, 0, 0) : expected(rows, badEvery, repeatEvery);
    }

    /** A well-formed workbook whose one sheet inflates to {@code megabytes} MB of blanks: far beyond 100:1. */
    public static void zipBomb(Path file, int megabytes) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            Writer w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
            entry(zip, w, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    </Types>""");
            entry(zip, w, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, w, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, w, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            w.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            String blanks = " ".repeat(1 << 20);
            for (int i = 0; i < megabytes; i++) {
                w.write(blanks);
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();
        }
    }

    private static void entry(ZipOutputStream zip, Writer w, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        w.write(text);
        w.flush();
        zip.closeEntry();
    }
}
