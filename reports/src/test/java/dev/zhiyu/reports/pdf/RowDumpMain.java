package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.indicators.RowCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Development aid: prints the rebuilt rows of some pages of a PDF (label | values with x | texts) and the key
 * indicators extracted from the whole file. Args: PDF [firstPage lastPage].
 */
public final class RowDumpMain {
    public static void main(String[] args) throws Exception {
        Path pdf = Path.of(args[0]);
        List<PageText> pages = PdfText.read(Files.readAllBytes(pdf), pdf.getFileName().toString(), Limits.defaults());
        int from = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int to = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        for (PageText p : pages) {
            if (p == null || p.page() < from || p.page() > to) continue;
            System.out.println("=== page " + p.page() + " (" + p.width() + "x" + p.height() + ")");
            for (TextRow r : p.rows()) {
                StringBuilder b = new StringBuilder(String.format("%6.1f %s |", r.box().y(), r.label()));
                for (Segment s : r.values()) b.append(String.format(" [%s @%.0f-%.0f]", s.text(), s.box().x(), s.box().right()));
                b.append(" |");
                for (Segment s : r.texts()) b.append(String.format(" {%s @%.0f-%.0f}", s.text(), s.box().x(), s.box().right()));
                System.out.println(b);
            }
        }
        var info = ReportIdentifier.identify(pages);
        System.out.println(info);
        for (var k : KeyIndicatorExtractor.extract(pages))
            System.out.println(k.indicator() + " " + k.label() + " cur=" + k.current() + " prior=" + k.prior() + " chg=" + k.change()
                    + " " + RowCheck.problem(k).orElse(""));
    }
}
