package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.indicators.Indicator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumbersTest {
    private static BigDecimal n(String cell) {
        return Numbers.parse(cell).orElseThrow().number();
    }

    @Test
    void readsTheCellFormatsOfRealReports() {
        assertEquals(0, new BigDecimal("1175301034.32").compareTo(n("1,175,301,034.32")));
        assertEquals(0, new BigDecimal("-38.48").compareTo(n("(38.48)")));
        assertEquals(0, new BigDecimal("-12.25").compareTo(n("-12.25%")));
        assertTrue(Numbers.parse("-12.25%").orElseThrow().percent());
        assertEquals(0, new BigDecimal("-1.51").compareTo(n("减少1.51个百分点")));
        assertEquals(0, new BigDecimal("0.9").compareTo(n("增加 0.90 个百分点")));
        assertTrue(Numbers.parse("减少1.51个百分点").orElseThrow().points());
        assertEquals(0, new BigDecimal("-300594328.82").compareTo(n("－300,594,328.82")));
    }

    @Test
    void notApplicableDashAndBlankAreMissingNotZero() {
        assertNull(n("不适用"));
        assertNull(n("-"));
        assertNull(n(""));
        assertNull(n("—"));
    }

    @Test
    void textIsNotANumber() {
        assertFalse(Numbers.isValue("营业收入"));
        assertFalse(Numbers.isValue("2019年"));
        assertFalse(Numbers.isValue(""));
    }

    @Test
    void unitWordsScaleToYuan() {
        assertEquals(0, BigDecimal.valueOf(1_000_000).compareTo(Numbers.scale("规模指标(人民币百万元)").orElseThrow()));
        assertEquals(0, BigDecimal.valueOf(10_000).compareTo(Numbers.scale("单位：万元 币种：人民币").orElseThrow()));
        assertEquals(0, BigDecimal.ONE.compareTo(Numbers.scale("单位：元").orElseThrow()));
        assertEquals(0, BigDecimal.valueOf(100_000_000).compareTo(Numbers.scale("亿元").orElseThrow()));
        assertTrue(Numbers.scale("营业收入").isEmpty());
    }

    @Test
    void labelsMatchAcrossLayoutsButNeverBySubstring() {
        assertEquals(Indicator.ROE, Indicator.fromLabel("加权平均净资产收益率（年化）").orElseThrow());
        assertEquals(Indicator.EPS_BASIC, Indicator.fromLabel("基本每股收益（元／股）").orElseThrow());
        assertEquals(Indicator.NET_PROFIT, Indicator.fromLabel("归属于本行股东的净利润").orElseThrow());
        assertTrue(Indicator.fromLabel("每股经营活动产生的现金流量净额").isEmpty());
    }
}
