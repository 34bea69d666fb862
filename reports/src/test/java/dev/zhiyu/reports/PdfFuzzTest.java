package dev.zhiyu.reports;

import dev.zhiyu.reports.pdf.PdfText;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An uploaded periodic report's text layer is read by {@link PdfText} (PDFBox): every page comes out, or a
 * {@link ReportException} with its status and a message, never another exception.
 */
class PdfFuzzTest {
    private static final Limits LIMITS = new Limits(1 << 20, 20, 4 << 20, Duration.ofSeconds(5), 1);

    @MethodSource("seeds")
    @FuzzTest
    void readPdf(byte[] pdf) {
        try {
            PdfText.read(pdf, "fuzz.pdf", LIMITS).forEach(page -> assertNotNull(page, "every page is read"));
        } catch (ReportException e) {
            assertNotNull(e.problem());
            assertFalse(e.getMessage().isBlank());
        }
    }

    static Stream<byte[]> seeds() {
        return Stream.of(pdf(false), pdf(true));
    }

    /** One page of text, its content stream plain or deflated. */
    private static byte[] pdf(boolean compress) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A6);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE,
                    compress)) {
                cs.beginText();
                cs.setFont(PDType1Font.HELVETICA, 10);
                cs.newLineAtOffset(20, 300);
                cs.showText("Revenue 1,234.56 +12.3%");
                cs.endText();
                cs.addRect(10, 10, 50, 20);
                cs.stroke();
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
