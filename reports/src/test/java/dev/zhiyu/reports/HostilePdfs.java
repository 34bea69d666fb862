package dev.zhiyu.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/** Small files (each under 1 MB) that expand to gigabytes when a PDF reader decodes them, built here with PDFBox. */
final class HostilePdfs {
    private HostilePdfs() {
    }

    static byte[] save(PDDocument doc) throws IOException {
        try (doc; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A deflated stream of {@code mb} MB of spaces: a few KB on disk. */
    static PDStream spaces(PDDocument doc, int mb) throws IOException {
        PDStream stream = new PDStream(doc);
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            for (int i = 0; i < mb; i++) out.write(spaces);
        }
        return stream;
    }

    /** One page whose content stream inflates to 40 MB. */
    static byte[] contentBomb() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        page.setContents(spaces(doc, 40));
        return save(doc);
    }

    static byte[] formDrawnManyTimes() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDFormXObject form = new PDFormXObject(spaces(doc, 2).getCOSObject());
        form.setBBox(PDRectangle.A4);
        page.setResources(new org.apache.pdfbox.pdmodel.PDResources());
        COSName name = page.getResources().add(form);
        PDStream content = new PDStream(doc);
        try (OutputStream out = content.createOutputStream(COSName.FLATE_DECODE)) {
            for (int i = 0; i < 5000; i++) out.write(("/" + name.getName() + " Do\n").getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(content);
        return save(doc); // 2 MB drawn 5,000 times: 10 GB of content to interpret
    }

    static byte[] nestedForms() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDFormXObject inner = new PDFormXObject(spaces(doc, 1).getCOSObject());
        inner.setBBox(PDRectangle.A4);
        PDFormXObject current = inner;
        for (int level = 0; level < 4; level++) { // each level draws the one below 20 times: 160,000 MB at the top
            PDFormXObject outer = new PDFormXObject(doc);
            outer.setBBox(PDRectangle.A4);
            outer.setResources(new org.apache.pdfbox.pdmodel.PDResources());
            COSName n = outer.getResources().add(current);
            try (OutputStream out = outer.getContentStream().createOutputStream()) {
                for (int i = 0; i < 20; i++) out.write(("/" + n.getName() + " Do\n").getBytes(StandardCharsets.US_ASCII));
            }
            current = outer;
        }
        page.setResources(new org.apache.pdfbox.pdmodel.PDResources());
        COSName top = page.getResources().add(current);
        PDStream content = new PDStream(doc);
        try (OutputStream out = content.createOutputStream()) {
            out.write(("/" + top.getName() + " Do").getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(content);
        return save(doc);
    }

    static byte[] hugeImage() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDStream data = spaces(doc, 1);
        org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image =
                new org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject(data, null);
        image.setWidth(100_000);
        image.setHeight(100_000);
        image.setBitsPerComponent(8);
        image.setColorSpace(org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawImage(image, 0, 0, 595, 842);
            cs.beginText();
            cs.setFont(PDType1Font.HELVETICA, 12);
            cs.newLineAtOffset(72, 700);
            cs.showText("revenue 1,234.56");
            cs.endText();
        }
        return save(doc);
    }

    static byte[] imageBomb() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image =
                new org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject(spaces(doc, 40), null);
        image.setWidth(100); // small as declared, 40 MB once inflated
        image.setHeight(100);
        image.setBitsPerComponent(8);
        image.setColorSpace(org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.drawImage(image, 0, 0, 100, 100);
        }
        return save(doc);
    }

    static byte[] fontBomb() throws IOException {
        PDDocument doc = new PDDocument();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        org.apache.pdfbox.cos.COSDictionary descriptor = new org.apache.pdfbox.cos.COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "Bomb");
        descriptor.setItem(COSName.FONT_FILE2, spaces(doc, 40));
        org.apache.pdfbox.cos.COSDictionary font = new org.apache.pdfbox.cos.COSDictionary();
        font.setItem(COSName.TYPE, COSName.FONT);
        font.setItem(COSName.SUBTYPE, COSName.TRUE_TYPE);
        font.setName(COSName.BASE_FONT, "Bomb");
        font.setItem(COSName.FONT_DESC, descriptor);
        org.apache.pdfbox.pdmodel.PDResources res = new org.apache.pdfbox.pdmodel.PDResources();
        res.getCOSObject().setItem(COSName.FONT, new org.apache.pdfbox.cos.COSDictionary());
        res.getCOSObject().getCOSDictionary(COSName.FONT).setItem(COSName.getPDFName("F1"), font);
        page.setResources(res);
        PDStream content = new PDStream(doc);
        try (OutputStream out = content.createOutputStream()) {
            out.write("BT /F1 12 Tf 72 700 Td (revenue 1,234.56) Tj ET".getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(content);
        return save(doc);
    }

    static byte[] sharedStream() throws IOException {
        PDDocument doc = new PDDocument();
        PDStream shared = spaces(doc, 20); // under the 32 MB page budget, 4 GB over 200 pages
        for (int i = 0; i < 200; i++) {
            PDPage page = new PDPage(PDRectangle.A4);
            page.setContents(shared);
            doc.addPage(page);
        }
        return save(doc);
    }
}
