package dev.zhiyu.telephony.lists;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallListImporterTest {

    private final CallListImporter importer = new CallListImporter("CN", 2_000_000);

    private static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvRowsAreValidatedNormalisedDedupedAndExtraColumnsBecomeVariables() {
        String csv = "\uFEFF姓名,手机号,开户步骤\n张三,138 0013 8000,视频认证\n李四,+86 138-0013-8001,上传身份证\n"
                + "王五,12345,视频认证\n赵六,13800138000,重复\n钱七,,\n";
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L1", "名单.csv", utf8(csv), ColumnMapping.auto(), sink);
        assertNull(r.fileError());
        assertEquals(5, r.rows());
        assertEquals(2, r.imported());
        assertEquals(1, r.duplicates());
        assertEquals(2, r.rejected());
        assertEquals(4, r.errors().get(0).row());
        assertEquals("手机号", r.errors().get(0).field());
        assertTrue(r.errors().get(0).message().contains("第 4 行"), r.errors().get(0).message());
        var lead = sink.committed.get("+8613800138000");
        assertEquals("13800138000", lead.dial());
        assertEquals("视频认证", lead.variables().get("开户步骤"));
        assertEquals("张三", lead.variables().get("姓名"));

        ImportReport again = importer.importFile("L1", "名单.csv", utf8(csv), ColumnMapping.auto(), sink);
        assertEquals(0, again.imported(), "re-uploading the same file adds nothing");
        assertEquals(2, sink.committed.size());
    }

    @Test
    void malformedOrUnreadableFilesImportNothing() {
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport bad = importer.importFile("L1", "x.csv",
                utf8("手机号,备注\n13800138000,ok\n13800138001,\"未闭合的引号\n"), ColumnMapping.auto(), sink);
        assertFalse(bad.ok());
        assertEquals(0, sink.committed.size(), "nothing half-imported: " + bad.fileError());

        ImportReport gbk = importer.importFile("L1", "x.csv",
                new ByteArrayInputStream("手机号\n13800138000\n".getBytes(java.nio.charset.Charset.forName("GBK"))),
                ColumnMapping.auto(), sink);
        assertFalse(gbk.ok());
        assertTrue(gbk.fileError().contains("UTF-8") || gbk.fileError().contains("号码列"), gbk.fileError());

        ImportReport noPhone = importer.importFile("L1", "x.csv", utf8("姓名\n张三\n"), ColumnMapping.auto(), sink);
        assertTrue(noPhone.fileError().contains("找不到号码列"), noPhone.fileError());

        ImportReport junk = importer.importFile("L1", "x.xlsx", utf8("not a zip"), ColumnMapping.auto(), sink);
        assertFalse(junk.ok());
        assertEquals(0, sink.committed.size());
    }

    @Test
    void xlsxIsStreamedAndNumericCellsAreNumbers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var sheet = wb.createSheet("名单");
            var h = sheet.createRow(0);
            h.createCell(0).setCellValue("电话");
            h.createCell(1).setCellValue("姓名");
            var r1 = sheet.createRow(1);
            r1.createCell(0).setCellValue(13800138000d);
            r1.createCell(1).setCellValue("张三");
            var r2 = sheet.createRow(2);
            r2.createCell(0).setCellValue("0571-88880000");
            wb.write(out);
        }
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L2", "list.xlsx", new ByteArrayInputStream(out.toByteArray()),
                ColumnMapping.auto(), sink);
        assertNull(r.fileError());
        assertEquals(2, r.imported());
        assertEquals("057188880000", sink.committed.get("+8657188880000").dial());
    }

    @Test
    void zipBombIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".getBytes());
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 300; i++) {
                zip.write(spaces); // 300 MB of blanks compress to well under 1 MB
            }
        }
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L3", "bomb.xlsx", new ByteArrayInputStream(out.toByteArray()),
                ColumnMapping.auto(), sink);
        assertFalse(r.ok());
        assertTrue(r.fileError().contains("压缩炸弹") || r.fileError().contains("XLSX"), r.fileError());
        assertEquals(0, sink.committed.size());
    }

    @Test
    void millionRowCsvIsStreamedInBoundedMemory() {
        long rows = 1_000_000;
        InputStream gen = new InputStream() {
            private byte[] line = "手机号,姓名\n".getBytes(StandardCharsets.UTF_8);
            private int pos;
            private long n;

            @Override
            public int read() {
                if (pos == line.length) {
                    if (n == rows) {
                        return -1;
                    }
                    line = ("139" + String.format("%08d", n++) + ",客户\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                return line[pos++] & 0xff;
            }
        };
        Runtime rt = Runtime.getRuntime();
        MemoryLeadSink sink = new MemoryLeadSink(false);
        long before = rt.totalMemory() - rt.freeMemory();
        ImportReport r = importer.importFile("L4", "big.csv", gen, ColumnMapping.auto(), sink);
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        assertNull(r.fileError());
        assertEquals(rows, r.rows());
        assertEquals(rows, r.imported());
        assertTrue(after - before < 200L * 1024 * 1024, "heap grew by " + (after - before) / 1024 / 1024 + " MB");

        ImportReport capped = new CallListImporter("CN", 10).importFile("L5", "big.csv",
                utf8("手机号\n" + "13800138000\n".repeat(11)), ColumnMapping.auto(), new MemoryLeadSink(true));
        assertTrue(capped.fileError().contains("行上限"), capped.fileError());
    }

    @Test
    void progressIsReportedWhileReadingAndOnceBeforeTheCommit() {
        StringBuilder csv = new StringBuilder("手机号\n");
        for (int i = 0; i < 30_500; i++) {
            csv.append(13_900_000_000L + i).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        java.util.List<Long> rows = new java.util.ArrayList<>();
        java.util.List<Double> fractions = new java.util.ArrayList<>();
        long[] committing = {-1};
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L6", "p.csv", new ByteArrayInputStream(bytes), bytes.length,
                ColumnMapping.auto(), new LeadSink() {
                    @Override
                    public boolean add(dev.zhiyu.telephony.Lead lead) {
                        return sink.add(lead);
                    }

                    @Override
                    public void commit() {
                        assertEquals(30_500, committing[0], "committing() comes before the sink commits");
                        sink.commit();
                    }

                    @Override
                    public void abort() {
                        sink.abort();
                    }
                }, new ImportProgress() {
                    @Override
                    public void reading(ImportReport soFar, double fractionRead) {
                        rows.add(soFar.rows());
                        fractions.add(fractionRead);
                    }

                    @Override
                    public void committing(ImportReport all) {
                        committing[0] = all.imported();
                    }
                });
        assertNull(r.fileError());
        assertEquals(30, rows.size());
        assertEquals(1_000L, rows.get(0));
        assertEquals(30_000L, rows.get(29));
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1) && fractions.get(i) <= 1, fractions.toString());
        }
        assertTrue(fractions.get(0) > 0 && fractions.get(0) < 0.5, fractions.toString());
        assertEquals(30_500, sink.committed.size());
    }

    @Test
    void aSinkThatCannotStoreFailsTheImportWithAMessageAboutStoringNotTheFile() {
        ImportReport r = importer.importFile("L7", "x.csv", utf8("手机号\n13800138000\n"), ColumnMapping.auto(),
                new LeadSink() {
                    @Override
                    public boolean add(dev.zhiyu.telephony.Lead lead) {
                        return true;
                    }

                    @Override
                    public void commit() {
                        throw new IllegalStateException("磁盘已满");
                    }

                    @Override
                    public void abort() {
                    }
                });
        assertFalse(r.ok());
        assertTrue(r.fileError().startsWith("保存名单失败，未导入任何数据") && r.fileError().contains("磁盘已满"), r.fileError());
        assertEquals(0, r.imported());
    }

    @Test
    void anXlsxWithInlineStringsAndNoSharedStringsTableIsRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var wb = new org.apache.poi.xssf.streaming.SXSSFWorkbook()) { // streaming writer: inline strings
            var sheet = wb.createSheet("名单");
            sheet.createRow(0).createCell(0).setCellValue("手机号");
            sheet.getRow(0).createCell(2).setCellValue("备注");
            var r1 = sheet.createRow(1);
            r1.createCell(0).setCellValue("138 0013 8000");
            r1.createCell(2).setCellValue("第三列，第二列空着");
            wb.write(out);
            wb.dispose();
        }
        MemoryLeadSink sink = new MemoryLeadSink(true);
        ImportReport r = importer.importFile("L8", "inline.xlsx", new ByteArrayInputStream(out.toByteArray()),
                ColumnMapping.auto(), sink);
        assertNull(r.fileError(), r.toString());
        assertEquals(1, r.imported());
        assertEquals("第三列，第二列空着", sink.committed.get("+8613800138000").variables().get("备注"));
    }
}
