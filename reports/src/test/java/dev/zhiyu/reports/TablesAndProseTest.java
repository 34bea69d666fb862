package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.pdf.Prose;
import dev.zhiyu.reports.pdf.Section;
import dev.zhiyu.reports.tables.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesAndProseTest {
    private static List<String> texts(List<Table.Cell> row) {
        return row.stream().map(Table.Cell::text).toList();
    }

    @Test
    void tableCrossingAPageIsMergedWithLabelsWholeAndCellsLocated() throws Exception {
        ParsedReport r = new ReportParser(Limits.defaults(), true).parse(SharedData.pdf("2017-04__张家界"));
        Table key = r.tables().stream().filter(t -> t.rows().stream().anyMatch(row -> row.get(0).text().equals("营业收入(元)")))
                .findFirst().orElseThrow(() -> new AssertionError("没有主要会计数据表"));
        assertEquals(6, key.page());
        assertEquals(7, key.lastPage(), "跨页的表应合并");
        assertEquals(List.of("2016年", "2015年", "本年比上年增减", "2014年"), texts(key.rows().get(0)));
        assertTrue(key.rows().stream().anyMatch(row -> texts(row).equals(List.of("归属于上市公司股东的净利润(元)",
                "61,155,890.58", "114,396,010.54", "-46.54%", "60,509,581.78"))), "换行的标签应拼接：" + key.rows());
        assertTrue(key.rows().stream().anyMatch(row -> row.get(0).text().equals("加权平均净资产收益率")), "第 7 页的续行");
        Table.Cell cell = key.rows().get(1).get(1);
        assertEquals(6, cell.source().page());
        assertTrue(cell.source().box().width() > 0 && cell.source().box().y() > 0);
        assertTrue(r.tables().stream().flatMap(t -> t.rows().stream()).flatMap(List::stream)
                .noneMatch(c -> c.text().startsWith("业收入") || c.text().startsWith("属于上市公司")), "不能丢标签首字");
    }

    @Test
    void sentencesBrokenAcrossLinesAreRejoinedAndHeadingsFormSections() {
        ParsedReport r = SampleReports.byPrefix("2020-04-16__四方科技");
        assertTrue(r.paragraphs().stream().anyMatch(p -> p.text().contains("主要受全球经济放缓、中美贸易摩擦影响;主营业务成本882,679,215.83元")
                && p.page() == 11 && p.section().equals("2. 收入和成本分析")), "跨行句子应拼接，段落归最近的标题");
        assertTrue(r.sections().stream().anyMatch(s -> s.level() == 2 && s.title().startsWith("二、报告期内主要经营情况")));
        assertTrue(r.issues().isEmpty(), r.issues().toString());
    }

    @Test
    void anIndicatorLinksToItsDetailTablesButNotToItsOwnTable() {
        ParsedReport r = SampleReports.byPrefix("2020-04-16__四方科技");
        List<Table> detail = r.detailTables(Indicator.REVENUE);
        assertTrue(detail.stream().anyMatch(t -> t.page() == 6 && t.caption().contains("分季度")), "分季度主要财务数据");
        assertTrue(detail.stream().anyMatch(t -> t.page() == 11 && t.rows().stream().anyMatch(row -> row.get(0).text().equals("营业成本"))),
                "利润表及现金流量表相关科目变动分析表");
        assertTrue(detail.stream().noneMatch(t -> t.page() == 5), "不含指标自己所在的表");
    }

    @Test
    void theSectionTreeTakesPageNumbersFromTheTableOfContentsAndNestsByNumbering() {
        ParsedReport r = SampleReports.byPrefix("2020-04-16__四方科技");
        List<Section> s = r.sections();
        int chapter = indexOf(s, "第四节 经营情况讨论与分析");
        assertEquals(1, s.get(chapter).level());
        assertEquals(10, s.get(chapter).tocPage(), "目录里印的页码");
        assertEquals(-1, s.get(chapter).parent());
        int sub = indexOf(s, "二、报告期内主要经营情况");
        assertEquals(chapter, s.get(sub).parent(), "一、二、… 挂在第X节下");
        assertTrue(r.children(chapter).contains(sub));
        assertEquals(List.of(s.get(chapter), s.get(sub)), r.path(sub));
        for (int i = 0; i < s.size(); i++) {
            int parent = s.get(i).parent();
            assertTrue(parent < i && (parent < 0 || s.get(parent).level() < s.get(i).level()), "父节点在前且层级更高：" + s.get(i));
        }
        assertEquals(12, s.stream().filter(Section::inToc).count(), "目录的 12 节都找到");
        assertTrue(r.paragraphs().stream().noneMatch(p -> p.text().contains("......")), "目录行不是段落");
    }

    @Test
    void withoutATableOfContentsTheTreeComesFromNumberingAlone() {
        ParsedReport r = SampleReports.byPrefix("民生银行");
        assertTrue(r.sections().stream().noneMatch(Section::inToc));
        assertTrue(r.sections().stream().anyMatch(x -> x.parent() >= 0), r.sections().toString());
    }

    @Test
    void aTocEntryWithoutAHeadingInTheBodyIsPlacedByThePageOffset() {
        List<Section> body = List.of(new Section(1, "第一节 释义", 4), new Section(1, "第二节 简介", 6));
        List<Prose.TocEntry> toc = List.of(new Prose.TocEntry("第一节 释义", 2), new Prose.TocEntry("第二节 简介", 4),
                new Prose.TocEntry("第三节 财务报告", 9));
        List<Section> tree = Prose.tree(Prose.withToc(body, toc, 20));
        assertEquals(3, tree.size());
        assertEquals(new Section(1, "第三节 财务报告", 11, -1, 9), tree.get(2));
    }

    private static int indexOf(List<Section> s, String prefix) {
        for (int i = 0; i < s.size(); i++) if (s.get(i).title().startsWith(prefix)) return i;
        throw new AssertionError("没有标题 " + prefix + "：" + s);
    }
}
