package dev.zhiyu.reports;

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
    final List<PageText> pages;

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

    public List<Section> sections() { return sections; }

    public List<Table> tables() { return tables; }

    public List<KeyIndicator> indicators() { return indicators; }

    /** Rows of the 分行业/分产品/分地区 main-business tables. */
    public List<MainBusiness> mainBusiness() { return mainBusiness; }
}
