package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values as analysts expect them (issue 21, finding 9): Chinese roles, a listed company found by its stock code. */
class DisplayTest {

    @Test
    void officerRolesReadInChinese() {
        KnowledgeGraph g = Facts.of().person("P").company("X")
                .officer("P", "X", OfficerRole.CHAIRMAN, null).officer("P", "X", OfficerRole.MANAGER, null).graph();
        List<String> reasons = g.relations().relatedParties("X").getFirst().reasons();
        assertTrue(reasons.contains("董监高：董事长"), reasons.toString());
        assertTrue(reasons.contains("董监高：总经理"), reasons.toString());
        assertFalse(reasons.toString().contains("CHAIRMAN"), reasons.toString());
    }

    @Test
    void profileByStockCode() {
        KnowledgeGraph g = Facts.of().person("P").listed("X").hold("P", "X", 60).graph();
        assertEquals("X", g.profile("600000").company().id());
        assertEquals("P", g.controller("600000").controller().id());
    }

    @Test
    void oneTagPerMeaning() {
        KnowledgeGraph g = Facts.of().person("P").company("X").hold("P", "X", 60).graph();
        java.util.Set<String> shown = new java.util.LinkedHashSet<>(g.profile("X").tags());
        shown.addAll(TagRules.defaults().apply(g, "X"));
        assertTrue(shown.contains("民营企业"), shown.toString());
        assertFalse(shown.contains("民营"), shown.toString());
    }

    @Test
    void sharesWithoutFloatNoise() {
        KnowledgeGraph g = Facts.of().person("P").company("A", "X").hold("P", "A", 20).hold("A", "X", 20).graph();
        assertEquals("0.04", Double.toString(g.ownership("X").shareOf("P")));
        assertEquals("0.04", Double.toString(g.holdingPaths("P", "X", 1).getFirst().product()));
        PenetrationNode up = g.penetrate("X", Direction.UP, 2, 10);
        assertEquals("0.04", Double.toString(up.children().getFirst().children().getFirst().effective()));
    }

    @Test
    void capitalWithItsUnit() {
        Facts f = Facts.of();
        f.batch.entity("t", 1, new Entity("X", EntityKind.COMPANY, "X", List.of(),
                java.util.Map.of("registeredCapital", "268000000"), Facts.SRC));
        f.batch.entity("t", 2, new Entity("Y", EntityKind.COMPANY, "Y", List.of(),
                java.util.Map.of("registeredCapital", "5000000"), Facts.SRC));
        KnowledgeGraph g = f.graph();
        assertEquals("2.68亿元", g.profile("X").display().get("registeredCapital"));
        assertEquals("500万元", g.profile("Y").display().get("registeredCapital"));
        assertEquals("268000000", g.profile("X").company().attribute("registeredCapital"), "the source value is kept");
    }
}
