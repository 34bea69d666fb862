package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import java.nio.file.Files;
import java.nio.file.Path;

/** Development aid: key-indicator evaluation from the text layer only (no Tabula, no prose). Args: PDFS TRUTH. */
public final class QuickEvalMain {
    public static void main(String[] args) {
        var r = IndicatorEvaluation.run(Path.of(args[0]), Path.of(args[1]), p -> {
            try {
                return KeyIndicatorExtractor.extract(PdfText.read(Files.readAllBytes(p), p.getFileName().toString(), Limits.defaults()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        System.out.print(r.summary());
    }
}
