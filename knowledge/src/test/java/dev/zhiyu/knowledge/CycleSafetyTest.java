package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Majority rings and very deep chains must give answers, never a stack overflow (issue 21, finding 5). */
class CycleSafetyTest {

    /** Ring R0 → R1 → … → R(n-1) → R0, each holding 51% of the next; P holds the other 49% of R0; D is 100% below R0. */
    private static KnowledgeGraph ring(int n) {
        Facts f = Facts.of().person("P").company("D");
        for (int i = 0; i < n; i++) {
            f.company("R" + i);
        }
        for (int i = 0; i < n; i++) {
            f.hold("R" + i, "R" + ((i + 1) % n), 51);
        }
        f.hold("P", "R0", 49).hold("R0", "D", 100);
        return f.graph();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 7, 50})
    void majorityRingAnswersEveryQuestion(int n) {
        KnowledgeGraph g = ring(n);
        TagRules rules = TagRules.defaults();
        for (int i = 0; i < n; i++) {
            String c = "R" + i;
            Controller ctl = g.controller(c);
            assertNotEquals(ControlStatus.CONTROLLED, ctl.status(), c + ": nobody outside the ring holds a majority");
            assertTrue(ctl.chain().size() <= n + 1, c + " chain " + ctl.chain());
            Profile p = g.profile(c);
            assertEquals(c, p.company().id());
            rules.apply(g, c);
            String holder = "R" + ((i + n - 1) % n);
            assertTrue(g.relations().relatedParties(c).stream().anyMatch(r -> r.party().id().equals(holder)),
                    c + " is related to its majority holder");
        }
        assertNotEquals(ControlStatus.CONTROLLED, g.controller("D").status());
        g.profile("D");
        rules.apply(g, "D");
        g.relations().relatedParties("D");
        rules.search(g, "民营企业", 10);
        g.beneficialOwners("D");
    }

    @Test
    void ringUnderAPersonIsControlledByThePerson() {
        Facts f = Facts.of().person("P");
        for (int i = 0; i < 3; i++) {
            f.company("R" + i);
        }
        f.hold("R0", "R1", 51).hold("R1", "R2", 51).hold("R2", "R0", 40).hold("P", "R0", 60);
        f.hold("P", "R1", 49).hold("P", "R2", 49);
        KnowledgeGraph g = f.graph();
        for (int i = 0; i < 3; i++) {
            Controller ctl = g.controller("R" + i);
            assertEquals(ControlStatus.CONTROLLED, ctl.status(), "R" + i);
            assertEquals("P", ctl.controller().id());
        }
    }

    @Test
    void tenThousandLevelChainsAnswer() {
        int depth = 10_000;
        Facts f = Facts.of().person("P");
        for (int i = 0; i < depth; i++) {
            f.company("C" + i);
        }
        f.hold("P", "C0", 100);
        for (int i = 1; i < depth; i++) {
            f.hold("C" + (i - 1), "C" + i, 100);
        }
        KnowledgeGraph g = f.graph();
        String bottom = "C" + (depth - 1);
        Controller ctl = g.controller(bottom);
        assertEquals("P", ctl.controller().id());
        assertEquals(depth + 1, ctl.chain().size());
        g.profile(bottom);
        TagRules.defaults().apply(g, bottom);
        g.relations().relatedParties(bottom);
        assertEquals(1, g.holdingPaths("P", bottom, 3).size());
        assertEquals(depth, g.relations().capitalGroup("P").size());
    }
}
