package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagRulesTest {
    static final String RULES = """
            # 示例规则
            国有控股: controller.kind = STATE
            民营企业: controller.kind = PERSON
            担保圈成员: guarantee_circle = true
            一年内实控人变更: controller.since_days <= 365
            近期受罚: events.行政处罚.365 >= 1
            上海企业：attr.region = 上海 AND listed = false
            """;

    @Test
    void rulesOverGraphPatterns() {
        FactBatch b = Facts.of().state("国资委").person("P", "Q").company("S", "A", "B").batch;
        b.entity("t", 90, new Entity("SH", EntityKind.COMPANY, "SH", List.of(), java.util.Map.of("region", "上海"), Facts.SRC));
        b.shareholding("t", 91, new Shareholding("国资委", "S", 1.0, null, null, null, null, Facts.SRC));
        b.shareholding("t", 92, new Shareholding("P", "A", 0.6, null, null, LocalDate.now().minusDays(100), null, Facts.SRC));
        b.shareholding("t", 93, new Shareholding("Q", "A", 0.4, null, null, LocalDate.now().minusDays(3000), null, Facts.SRC));
        b.shareholding("t", 94, new Shareholding("Q", "B", 0.7, null, null, LocalDate.now().minusDays(3000), null, Facts.SRC));
        b.guarantee("t", 95, new Guarantee("A", "B", 1.0, false, null, Facts.SRC));
        b.guarantee("t", 96, new Guarantee("B", "A", 1.0, false, null, Facts.SRC));
        b.event("t", 97, new Event("B", "行政处罚", LocalDate.now().minusDays(30), "环保处罚", Facts.SRC));
        b.event("t", 98, new Event("A", "行政处罚", LocalDate.now().minusDays(800), "旧处罚", Facts.SRC));
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        assertTrue(g.load(b).rejected().isEmpty());
        TagRules rules = TagRules.parse(RULES);
        assertEquals(List.of("国有控股"), rules.apply(g, "S"));
        assertEquals(List.of("民营企业", "担保圈成员", "一年内实控人变更"), rules.apply(g, "A"));
        assertEquals(List.of("民营企业", "担保圈成员", "近期受罚"), rules.apply(g, "B"));
        assertEquals(List.of("上海企业"), rules.apply(g, "SH"));
        assertEquals(List.of("A", "B"), rules.search(g, "担保圈成员", 10).stream().map(Party::id).toList());
    }

    @Test
    void shippedRulesParse() {
        assertTrue(TagRules.defaults().tags().contains("国有控股"));
    }

    @Test
    void malformedRulesNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TagRules.parse("好标签: listed = true\n坏标签: colour = red"));
        assertTrue(e.getMessage().contains("第 2 行") && e.getMessage().contains("colour"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TagRules.parse("没有冒号"));
    }
}
