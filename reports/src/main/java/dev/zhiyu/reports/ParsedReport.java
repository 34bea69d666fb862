package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.pdf.PageIssue;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import dev.zhiyu.reports.tables.CellRef;
import dev.zhiyu.reports.tables.Table;
import java.util.List;

/** Everything parsed from one PDF. The positioned page text stays inside the package. */
public final class ParsedReport {
    private final String name;
    private final String sha256;
    private final ReportInfo info;
    private final List<PageIssue> issues;
    private final List<Paragraph> paragraphs;
    private final List<Section> sections;
    private final List<Table> tables;
    private final List<KeyIndicator> indicators;
    private final List<MainBusiness> mainBusiness;
    public final List<PageText> pages;

    ParsedReport(String name, String sha256, ReportInfo info, List<PageText> pages, List<PageIssue> issues,
                 List<Paragraph> paragraphs, List<Section> sections, List<Table> tables, List<KeyIndicator> indicators,
                 List<MainBusiness> mainBusiness) {
        this.name = name;
        this.sha256 = sha256;
        this.info = info;
        this.pages = pages;
        this.issues = List.copyOf(issues);
        this.paragraphs = List.copyOf(paragraphs);
        this.sections = List.copyOf(sections);
        this.tables = List.copyOf(tables);
        this.indicators = List.copyOf(indicators);
        this.mainBusiness = List.copyOf(mainBusiness);
    }

    public String name() { return name; }

    public String sha256() { return sha256; }

    public ReportInfo info() { return info; }

    public int pageCount() { return pages.size(); }

    public List<PageIssue> issues() { return issues; }

    public List<Paragraph> paragraphs() { return paragraphs; }

    /** The section tree in document order; {@link Section#parent()} links each heading to its enclosing one. */
    public List<Section> sections() { return sections; }

    /** Indexes of the direct children of section {@code index} ({@code -1}: the top-level sections). */
    public List<Integer> children(int index) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < sections.size(); i++) if (sections.get(i).parent() == index) out.add(i);
        return out;
    }

    /** The headings from the top down to section {@code index}, e.g. 第四节 … › 二、… › (一) … */
    public List<Section> path(int index) {
        java.util.LinkedList<Section> out = new java.util.LinkedList<>();
        for (int i = index; i >= 0; i = sections.get(i).parent()) out.addFirst(sections.get(i));
        return out;
    }

    public List<Table> tables() { return tables; }

    public List<KeyIndicator> indicators() { return indicators; }

    /**
     * The other tables with a row for this indicator (quarterly breakdown, the 科目变动分析表, …): the key
     * indicator's own table (the one holding its source cell) is left out.
     */
    public List<Table> detailTables(Indicator indicator) {
        CellRef own = indicators.stream().filter(k -> k.indicator() == indicator && k.current() != null)
                .map(k -> k.current().source()).findFirst().orElse(null);
        return tables.stream().filter(t -> t.rows().stream().anyMatch(r -> !r.isEmpty()
                        && Indicator.fromLabel(r.get(0).text()).orElse(null) == indicator))
                .filter(t -> own == null || t.rows().stream().flatMap(List::stream)
                        .noneMatch(c -> c.source() != null && c.source().page() == own.page() && c.source().box().containsCenterOf(own.box())))
                .toList();
    }

    /** Rows of the 分行业/分产品/分地区 main-business tables. */
    public List<MainBusiness> mainBusiness() { return mainBusiness; }
}
