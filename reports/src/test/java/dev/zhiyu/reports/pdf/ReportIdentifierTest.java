package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.ReportInfo.ReportType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cover and first pages laid out as real reports print them (the real covers are in KeyIndicatorExtractionTest). */
class ReportIdentifierTest {
    @Test
    void aYearInChineseNumeralsGivesThePeriod() {
        ReportInfo info = identify(List.of("证券代码：601398    证券简称：工商银行", "中国工商银行股份有限公司", "二〇二三年第一季度报告"));
        assertEquals(new ReportInfo("601398", "工商银行", ReportType.Q1, "2023Q1"), info);
    }

    @Test
    void aDualListedCompanyIsIdentifiedByItsAShareCodeWhereverPrinted() {
        ReportInfo info = identify(List.of("重要提示", "B股代码：200011  B股简称：深物业B",
                "A股代码：000011  A股简称：深物业A", "2022 年半年度报告"));
        assertEquals("000011", info.code());
        assertEquals("深物业A", info.company());
        assertEquals("2022H1", info.period());
    }

    @Test
    void aBShareOnlyCompanyIsIdentifiedByItsBShareCode() {
        ReportInfo info = identify(List.of("公司年度报告", "B股代码：900948", "B股简称：伊泰B股", "2019年年度报告"));
        assertEquals(new ReportInfo("900948", "伊泰B股", ReportType.ANNUAL, "2019"), info);
    }

    @Test
    void codeAndNameFromTheCompanyProfileTableOnALaterPage() {
        List<PageText> pages = new ArrayList<>();
        pages.add(page(1, List.of("某某股份有限公司", "2023年第三季度报告")));
        pages.add(page(2, List.of("重要提示")));
        pages.add(page(3, List.of("公司简介", "股票简称 某某股份 股票代码 002025")));
        assertEquals(new ReportInfo("002025", "某某股份", ReportType.Q3, "2023Q3"), ReportIdentifier.identify(pages));
    }

    private static ReportInfo identify(List<String> lines) {
        return ReportIdentifier.identify(List.of(page(1, lines)));
    }

    private static PageText page(int n, List<String> texts) {
        List<Line> lines = new ArrayList<>();
        float y = 100;
        for (String t : texts) {
            List<Segment> segs = new ArrayList<>();
            float x = 50;
            for (String part : t.split("\\s{2,}")) {
                Box b = new Box(x, y, part.length() * 10, 10);
                segs.add(new Segment(part.trim(), b));
                x += part.length() * 10 + 30;
            }
            lines.add(new Line(n, segs, segs.stream().map(Segment::box).reduce(Box::union).orElseThrow(), 10));
            y += 20;
        }
        return new PageText(n, 595, 842, lines, List.of(), 100, 0, false);
    }
}
