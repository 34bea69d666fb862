package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.indicators.MainBusinessExtractor;
import dev.zhiyu.reports.pdf.PageIssue;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.PdfText;
import dev.zhiyu.reports.pdf.Prose;
import dev.zhiyu.reports.pdf.ReportIdentifier;
import dev.zhiyu.reports.tables.Table;
import dev.zhiyu.reports.tables.TableFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** PDF bytes → {@link ParsedReport}, within {@link Limits}; rejects bad input with a {@link ReportException}. */
public final class ReportParser {
    private final Limits limits;
    private final boolean ruledTables;

    /** @param ruledTables also run Tabula's lattice on pages with tables (slower; better cell boundaries) */
    public ReportParser(Limits limits, boolean ruledTables) {
        this.limits = limits;
        this.ruledTables = ruledTables;
    }

    public ReportParser(Limits limits) {
        this(limits, true);
    }

    public ReportParser() {
        this(Limits.defaults());
    }

    public ParsedReport parse(Path pdf) {
        try {
            long size = Files.size(pdf);
            if (size > limits.maxBytes())
                throw new ReportException(InputProblem.TOO_LARGE, pdf.getFileName() + " 有 " + size + " 字节");
            return parse(Files.readAllBytes(pdf), pdf.getFileName().toString());
        } catch (IOException e) {
            throw new ReportException(InputProblem.CORRUPT, pdf + "：" + e.getMessage(), e);
        }
    }

    public ParsedReport parse(byte[] pdf, String name) {
        List<PageText> pages = PdfText.read(pdf, name, limits);
        List<PageIssue> issues = issues(pages);
        long noText = issues.stream().filter(i -> i.kind() == PageIssue.Kind.NO_TEXT_LAYER).count();
        if (noText * 2 > pages.size())
            throw new ReportException(InputProblem.NO_TEXT_LAYER, name + " 共 " + pages.size() + " 页，其中 " + noText + " 页没有文字层");
        Prose.Result prose = Prose.build(pages);
        List<Table> tables = ruledTables ? TableFinder.tables(pages, pdf, name) : TableFinder.tables(pages);
        return new ParsedReport(name, sha256(pdf), ReportIdentifier.identify(pages), pages, issues,
                prose.paragraphs(), prose.sections(), tables, KeyIndicatorExtractor.extract(pages),
                MainBusinessExtractor.extract(pages));
    }

    static List<PageIssue> issues(List<PageText> pages) {
        List<PageIssue> out = new ArrayList<>();
        for (PageText p : pages) {
            if (p.glyphs() == 0)
                out.add(new PageIssue(p.page(), PageIssue.Kind.NO_TEXT_LAYER, "第 " + p.page() + " 页没有文字层" + (p.hasImages() ? "（只有图像，可能是扫描件）" : "")));
            else if (p.garbled())
                out.add(new PageIssue(p.page(), PageIssue.Kind.UNMAPPED_GLYPHS,
                        "第 " + p.page() + " 页有 " + p.unmapped() + "/" + p.glyphs() + " 个字符无法映射到 Unicode"));
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
