package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportLinkTest {
    @Test
    void indicatorsBecomeAttributesAndAnomaliesEvents() {
        KnowledgeGraph g = Facts.of().person("P").listed("600000").hold("P", "600000", 60).graph();
        Provenance src = new Provenance("2024年年度报告", LocalDate.of(2025, 3, 28));
        assertTrue(ReportLink.indicators(g, "600000", "2024", Map.of("营业收入", "1.2e10", "净利润", "3.4e8"), src)
                .rejected().isEmpty());
        assertTrue(ReportLink.anomaly(g, "600000", LocalDate.of(2025, 3, 28), "净利润同比下降 45%", src).rejected().isEmpty());
        Profile p = g.profile("600000");
        assertEquals("1.2e10", p.company().attribute("指标:营业收入:2024"));
        assertEquals("600000", p.company().attribute("listingCode"), "existing attributes are kept");
        assertEquals("报告异常", p.events().getFirst().type());
        assertEquals("P", p.controller().controller().id(), "holdings untouched by an attribute update");
        assertEquals(1, ReportLink.anomaly(g, "不存在", LocalDate.now(), "x", src).rejected().size());
    }
}
