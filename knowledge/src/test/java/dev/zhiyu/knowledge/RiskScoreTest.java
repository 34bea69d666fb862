package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The properties the uncalibrated score promises, and nothing it does not (see RiskScore's documentation). */
class RiskScoreTest {
    static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

    @Test
    void recentHeavierAndMoreEventsRankHigherAndOldOnesFade() {
        FactBatch b = Facts.of().company("无事", "近期处罚", "旧处罚", "多次处罚", "未来事件", "担保圈A", "担保圈B").batch;
        b.event("t", 1, new Event("近期处罚", "行政处罚", AS_OF.minusDays(10), "环保处罚", Facts.SRC));
        b.event("t", 2, new Event("旧处罚", "行政处罚", AS_OF.minusDays(1_000), "旧的", Facts.SRC));
        for (int i = 0; i < 3; i++) {
            b.event("t", 3 + i, new Event("多次处罚", "行政处罚", AS_OF.minusDays(10 + i), "处罚" + i, Facts.SRC));
        }
        b.event("t", 9, new Event("未来事件", "失信被执行", AS_OF.plusDays(5), "尚未发生", Facts.SRC));
        b.guarantee("t", 10, new Guarantee("担保圈A", "担保圈B", 1.0, false, null, Facts.SRC));
        b.guarantee("t", 11, new Guarantee("担保圈B", "担保圈A", 1.0, false, null, Facts.SRC));
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        assertTrue(g.load(b).rejected().isEmpty());
        double none = RiskScore.of(g, "无事", AS_OF).value();
        double recent = RiskScore.of(g, "近期处罚", AS_OF).value();
        double old = RiskScore.of(g, "旧处罚", AS_OF).value();
        double many = RiskScore.of(g, "多次处罚", AS_OF).value();
        assertEquals(0.0, none);
        assertTrue(many > recent && recent > old && old > none);
        assertTrue(old < 0.1, "three years old: faded to " + old);
        assertEquals(0.0, RiskScore.of(g, "未来事件", AS_OF).value(), "events after the as-of date do not count");
        RiskScore.Score circle = RiskScore.of(g, "担保圈A", AS_OF);
        assertEquals("担保圈成员", circle.contributions().getFirst().reason());
        assertEquals("高", RiskScore.of(g, "多次处罚", AS_OF).level());
    }
}
