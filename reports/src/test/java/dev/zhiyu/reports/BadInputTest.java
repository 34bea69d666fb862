package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Thresholds;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile and broken inputs, generated here with PDFBox: each gets a clear status within bounded time. */
class BadInputTest {
    private final ReportParser parser = new ReportParser(Limits.defaults().withTimeout(Duration.ofSeconds(20)), false);

    private InputProblem problemOf(byte[] pdf, String name) {
        ReportException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ReportException.class, () -> parser.parse(pdf, name)));
        assertTrue(e.getMessage().contains(name), "错误信息应指明文件：" + e.getMessage());
        return e.problem();
    }

    private static byte[] save(PDDocument doc) throws IOException {
        try (doc; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static PDDocument textDocument(int pages) throws IOException {
        PDDocument doc = new PDDocument();
        for (int i = 0; i < pages; i++) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(PDType1Font.HELVETICA, 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("Page " + (i + 1) + " revenue 1,234.56");
                cs.endText();
            }
        }
        return doc;
    }

    @Test
    void notAPdf() {
        assertEquals(InputProblem.NOT_PDF, problemOf("这不是PDF，只是文字".getBytes(StandardCharsets.UTF_8), "note.txt"));
        assertEquals(InputProblem.NOT_PDF, problemOf(new byte[0], "empty.pdf"));
    }

    @Test
    void encryptedWithAUserPassword() throws IOException {
        PDDocument doc = textDocument(1);
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
        assertEquals(InputProblem.ENCRYPTED, problemOf(save(doc), "locked.pdf"));
    }

    @Test
    void truncatedRealReport() throws IOException {
        byte[] real = Files.readAllBytes(SharedData.pdf("民生银行"));
        assertEquals(InputProblem.CORRUPT, problemOf(Arrays.copyOf(real, real.length / 2), "half.pdf"));
    }

    @Test
    void scannedPagesWithoutATextLayer() throws IOException {
        PDDocument doc = new PDDocument();
        BufferedImage img = new BufferedImage(200, 280, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 3; i++) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(LosslessFactory.createFromImage(doc, img), 0, 0, 595, 842);
            }
        }
        assertEquals(InputProblem.NO_TEXT_LAYER, problemOf(save(doc), "scan.pdf"));
    }

    @Test
    void twoThousandPagesAreRefusedBeforeParsing() throws IOException {
        PDDocument doc = new PDDocument();
        for (int i = 0; i < 2000; i++) doc.addPage(new PDPage(PDRectangle.A4));
        assertEquals(InputProblem.TOO_MANY_PAGES, problemOf(save(doc), "huge.pdf"));
    }

    @Test
    void compressionBombStopsAtTheContentBudget() throws IOException {
        refusedAsABomb(HostilePdfs.contentBomb(), "bomb.pdf");
    }

    /** Refused as a bomb, with a message naming the file and page, well inside the parser's own time limit. */
    private void refusedAsABomb(byte[] pdf, String name) {
        assertTrue(pdf.length < 1 << 20, "压缩后应小于 1 MB，实际 " + pdf.length);
        long t0 = System.nanoTime();
        assertEquals(InputProblem.BOMB, problemOf(pdf, name));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 20_000, name + " 用了 " + ms + " ms 才被拒绝（解析器时限 20 s）");
    }

    @Test
    void aFormXObjectDrawnManyTimesCountsEveryDrawing() throws IOException {
        refusedAsABomb(HostilePdfs.formDrawnManyTimes(), "forms.pdf");
    }

    @Test
    void formsNestedInFormsAreCountedAsDrawnNotAsStored() throws IOException {
        refusedAsABomb(HostilePdfs.nestedForms(), "nested-forms.pdf");
    }

    @Test
    void anImageDeclaringBillionsOfPixelsIsRefused() throws IOException {
        refusedAsABomb(HostilePdfs.hugeImage(), "pixels.pdf");
    }

    @Test
    void anImageStreamThatInflatesPastTheBudgetIsRefused() throws IOException {
        refusedAsABomb(HostilePdfs.imageBomb(), "image-bomb.pdf");
    }

    @Test
    void anEmbeddedFontStreamBombIsRefusedBeforeTheFontIsParsed() throws IOException {
        refusedAsABomb(HostilePdfs.fontBomb(), "font-bomb.pdf");
    }

    @Test
    void manyPagesSharingOneLargeStreamHitTheDocumentBudget() throws IOException {
        refusedAsABomb(HostilePdfs.sharedStream(), "shared.pdf");
    }

    @Test
    void ownerPasswordOnlyPdfsAreReadAsViewersOpenThem() throws IOException {
        PDDocument doc = textDocument(2);
        AccessPermission none = new AccessPermission();
        none.setCanExtractContent(false);
        none.setCanPrint(false);
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "", none);
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
        byte[] pdf = save(doc);
        try (PDDocument check = PDDocument.load(pdf)) {
            assertTrue(check.isEncrypted() && !check.getCurrentAccessPermission().canExtractContent(), "测试文件应加密且禁止提取");
        }
        ParsedReport r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> parser.parse(pdf, "owner-only.pdf"));
        assertEquals(2, r.pageCount());
        String text = r.paragraphs().stream().map(dev.zhiyu.reports.pdf.Paragraph::text).reduce("", String::concat);
        assertTrue(text.contains("revenue1,234.56") && text.contains("Page2"), "两页文字都应读出：" + text);
    }

    @Test
    void selfReferencingFormIsStoppedNotLoopedForever() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDFormXObject form = new PDFormXObject(doc);
        form.setBBox(PDRectangle.A4);
        form.setResources(new org.apache.pdfbox.pdmodel.PDResources());
        COSName name = form.getResources().add(form);
        try (OutputStream out = form.getContentStream().createOutputStream()) {
            out.write(("/" + name.getName() + " Do").getBytes(StandardCharsets.US_ASCII));
        }
        page.setResources(form.getResources());
        try (OutputStream out = new PDStream(doc).createOutputStream()) {
            out.write(0);
        }
        PDStream content = new PDStream(doc);
        try (OutputStream out = content.createOutputStream()) {
            out.write(("/" + name.getName() + " Do").getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(content);
        byte[] pdf = save(doc);
        // PDFBox may detect the recursion itself (then the page simply has no text) or overflow the stack (BOMB)
        InputProblem p = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                parser.parse(pdf, "loop.pdf");
                return null;
            } catch (ReportException e) {
                return e.problem();
            }
        });
        assertTrue(p == null || p == InputProblem.BOMB || p == InputProblem.NO_TEXT_LAYER, "意外状态 " + p);
    }

    @Test
    void deeplyNestedArraysAreABombOrCorruptNotACrash() throws IOException {
        PDDocument doc = textDocument(1);
        COSArray outer = new COSArray();
        COSArray cur = outer;
        for (int i = 0; i < 3000; i++) {
            COSArray next = new COSArray();
            cur.add(next);
            cur = next;
        }
        doc.getPage(0).getCOSObject().setItem(COSName.getPDFName("Nested"), outer);
        byte[] pdf;
        try {
            pdf = save(doc);
        } catch (StackOverflowError e) {
            return; // the writer itself refuses: nothing to parse
        }
        byte[] finalPdf = pdf;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                parser.parse(finalPdf, "nested.pdf");
            } catch (ReportException e) {
                assertTrue(e.problem() == InputProblem.BOMB || e.problem() == InputProblem.CORRUPT, e.getMessage());
            }
        });
    }

    @Test
    void aTextPdfThatIsNotAPeriodicReportIsRejectedByThePipeline() throws IOException {
        ReportPipeline p = new ReportPipeline(parser, new AnomalyDetector(Thresholds.defaults()), ExplanationMatcher.keywords(), false);
        byte[] pdf = save(textDocument(2));
        ReportException e = assertThrows(ReportException.class, () -> p.run(pdf, "memo.pdf"));
        assertEquals(InputProblem.NOT_A_REPORT, e.problem());
    }
}
