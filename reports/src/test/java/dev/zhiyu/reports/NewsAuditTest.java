package dev.zhiyu.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Unit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NewsAuditTest {
    @Test
    void theAuditReadsARestatedTruthRowAsTheEvaluationDoes() throws Exception {
        // a restated table: the change is against the 调整后 prior (8.99 → 7.22 = -1.77 points), not 调整前 (8.32)
        var doc = new ObjectMapper().readTree("""
                {"unit": "元", "indicators": {"加权平均净资产收益率": {"columns": {"2019 年": "7.22%",
                "2018 年 调整前": "8.32%", "2018 年 调整后": "8.99%", "本年比上年增减 调整后": "-1.77%"}}}}""");
        KeyIndicator roe = NewsAudit.truthRows(doc).get(0);
        assertEquals(Indicator.ROE, roe.indicator());
        assertEquals(0, new BigDecimal("8.99").compareTo(roe.prior().number()));
        assertEquals(0, new BigDecimal("-1.77").compareTo(roe.change().number()));
        assertEquals(Unit.PERCENTAGE_POINT, roe.change().unit());
    }
}
