package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A controller is named only when the known holdings prove it whatever the unknown part is (issue 21, finding 1).
 */
class ControlCertaintyTest {

    private static void assertIncomplete(Controller c, String mentions) {
        assertEquals(ControlStatus.INCOMPLETE, c.status(), c.explanation());
        assertNull(c.controller(), c.explanation());
        assertTrue(c.gaps().stream().anyMatch(g -> g.contains(mentions)), c.gaps() + " should mention " + mentions);
        assertTrue(c.explanation().contains(mentions), c.explanation());
    }

    @Test
    void unaccountedRemainderCouldOutvoteTheLargestKnownHolder() {
        KnowledgeGraph g = Facts.of().person("P").company("X").hold("P", "X", 35).graph();
        assertIncomplete(g.controller("X"), "65.00%");
        assertTrue(g.beneficialOwners("X").incomplete());
    }

    @Test
    void openTopHolderCouldBelongToTheRunnerUp() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "R").company("X", "H")
                .hold("P", "X", 35).hold("H", "X", 30).hold("Q", "X", 20).hold("R", "X", 15).graph();
        assertIncomplete(g.controller("X"), "H");
    }

    @Test
    void undisclosedShareCouldBeTheLargest() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "R").listed("X")
                .hold("P", "X", 35).hold("Q", "X", null, null).hold("R", "X", 10).graph();
        assertIncomplete(g.controller("X"), "Q");
    }

    @Test
    void remainderTooSmallToChangeTheAnswerStillControls() {
        KnowledgeGraph g = Facts.of().person("P", "Q").company("X").hold("P", "X", 40).hold("Q", "X", 30).graph();
        assertEquals(ControlStatus.INCOMPLETE, g.controller("X").status(), "30% + 30% unaccounted could tie 40%");
        KnowledgeGraph proven = Facts.of().person("P", "Q", "R").company("X")
                .hold("P", "X", 45).hold("R", "X", 30).hold("Q", "X", 20).graph();
        Controller c = proven.controller("X");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals("P", c.controller().id());
        assertTrue(c.gaps().isEmpty());
    }

    @Test
    void majorityIsProvenWhateverTheRemainder() {
        KnowledgeGraph g = Facts.of().person("P").company("X", "H").hold("P", "X", 51).hold("H", "X", 20).graph();
        Controller c = g.controller("X");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals("P", c.controller().id());
    }

    @Test
    void listedFreeFloatIsNotAGap() {
        KnowledgeGraph g = Facts.of().person("P", "Q").listed("X").hold("P", "X", 35).hold("Q", "X", 10).graph();
        assertEquals(ControlStatus.CONTROLLED, g.controller("X").status());
    }

    @Test
    void noControllerOnlyWhenNobodyCouldReachControl() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "R", "S").company("X")
                .hold("P", "X", 25).hold("Q", "X", 25).hold("R", "X", 25).hold("S", "X", 25).graph();
        assertEquals(ControlStatus.NO_CONTROLLER, g.controller("X").status());
    }
}
