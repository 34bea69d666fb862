package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.Segment;
import dev.zhiyu.reports.pdf.TextRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Column roles in an annual table (本年 | 上年 | 增减 | 前年) laid out with the geometry of real tables: right-aligned
 * numbers, centred headers, a change header wider than its column. The development PDFs have no worded change cell,
 * so these rows are built here.
 */
class ColumnRolesTest {
    private static final float CUR = 250, PRIOR = 330, CHANGE = 410, THIRD = 490;

    @Test
    void aWideChangeHeaderOverTheLastYearColumnNamesOnlyTheChangeColumn() {
        KeyIndicator revenue = find(Indicator.REVENUE);
        assertEquals("80.00", revenue.prior().source().text());
        assertEquals("25.00%", revenue.change().source().text());
    }

    @Test
    void aWordedChangeCellIsAMissingChangeNotTheThirdYearsValue() {
        KeyIndicator np = find(Indicator.NET_PROFIT);
        assertEquals(0, new BigDecimal("-5.00").compareTo(np.prior().number()));
        assertTrue(np.change().missing(), np.toString());
        assertEquals("上年同期为负", np.change().source().text());
    }

    @Test
    void aBlankChangeCellLeavesTheThirdYearsValueUnused() {
        KeyIndicator cash = find(Indicator.OPERATING_CASH_FLOW);
        assertEquals(0, new BigDecimal("40.00").compareTo(cash.prior().number()));
        assertTrue(cash.change() == null || cash.change().missing(), cash.toString());
    }

    private static KeyIndicator find(Indicator i) {
        List<KeyIndicator> ks = KeyIndicatorExtractor.extract(List.of(page()));
        return ks.stream().filter(k -> k.indicator() == i).findFirst().orElseThrow(() -> new AssertionError(i + "：" + ks));
    }

    private static PageText page() {
        List<TextRow> rows = new ArrayList<>();
        rows.add(text(100, seg("六、主要会计数据和财务指标", 50, 200, 100)));
        rows.add(text(130, seg("2019年", 205, 245, 130), seg("2018年", 285, 325, 130),
                seg("本期比上年同期增减(%)", 300, 420, 130), seg("2017年", 445, 485, 130)));
        rows.add(row(160, "营业收入", List.of(v("100.00", CUR, 160), v("80.00", PRIOR, 160), v("25.00%", CHANGE, 160), v("60.00", THIRD, 160)), List.of()));
        rows.add(row(190, "归属于上市公司股东的净利润", List.of(v("10.00", CUR, 190), v("-5.00", PRIOR, 190), v("3.00", THIRD, 190)),
                List.of(seg("上年同期为负", 350, 410, 190))));
        rows.add(row(220, "经营活动产生的现金流量净额", List.of(v("50.00", CUR, 220), v("40.00", PRIOR, 220), v("30.00", THIRD, 220)), List.of()));
        rows.add(row(250, "基本每股收益", List.of(v("0.50", CUR, 250), v("0.40", PRIOR, 250), v("25.00%", CHANGE, 250), v("0.30", THIRD, 250)), List.of()));
        return new PageText(1, 595, 842, List.of(), rows, 500, 0, false);
    }

    private static Segment seg(String t, float x, float right, float y) {
        return new Segment(t, new Box(x, y, right - x, 9));
    }

    private static Segment v(String t, float right, float y) {
        return seg(t, right - 6 * t.length(), right, y);
    }

    private static TextRow text(float y, Segment... segs) {
        return new TextRow(1, "", null, List.of(), List.of(segs), new Box(50, y, 450, 9));
    }

    private static TextRow row(float y, String label, List<Segment> values, List<Segment> texts) {
        Box lb = new Box(50, y, 120, 9);
        return new TextRow(1, label, lb, values, texts, new Box(50, y, 450, 9));
    }
}
