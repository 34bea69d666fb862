package dev.zhiyu.reports;

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
                && p.page() == 11 && p.section().contains("主要经营情况")), "跨行句子应拼接");
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
}
