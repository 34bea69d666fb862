package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Registry rounding up to 100.05% is accepted, normalised for the arithmetic and noted (issue 21, finding 2). */
class RegistryRoundingTest {

    @Test
    void registryRoundingIsAcceptedNormalisedAndNoted() {
        Facts f = Facts.of().person("P", "Q", "R").company("X")
                .hold("Q", "X", 30).hold("R", "X", 23.34).hold("P", "X", 46.67);
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        ImportReport r = g.load(f.batch);
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().getFirst().message().contains("100.01%"), r.notes().toString());
        Controller c = g.controller("X");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals("P", c.controller().id());
        Ownership o = g.ownership("X");
        double sum = o.ultimateHolders().stream().mapToDouble(HolderShare::share).sum();
        assertEquals(1.0, sum, 1e-9, "normalised to 100%");
        assertEquals(0.4667 / 1.0001, o.ultimateHolders().getFirst().share(), 1e-9);
        assertEquals(0.4667, g.profile("X").directHolders().getFirst().share(), 1e-12, "the disclosed figure is kept");
    }

    @Test
    void moreThanRoundingIsStillRejected() {
        Facts f = Facts.of().person("P", "Q").company("X").hold("Q", "X", 54).hold("P", "X", 46.06);
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        ImportReport r = g.load(f.batch);
        assertEquals(1, r.rejected().size());
        assertFalse(r.rejected().getFirst().message().isBlank());
    }
}
