package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IncrementalTest {

    @Test
    void oneChangeRecomputesOnlyDependentsAndMatchesFullRecompute() {
        KnowledgeGraph incremental = KnowledgeGraphs.indexOnly();
        KnowledgeGraph full = KnowledgeGraphs.indexOnly();
        incremental.load(SyntheticGraph.generate(3_000, 5));
        full.load(SyntheticGraph.generate(3_000, 5));
        Graph inc = (Graph) incremental;
        Graph ref = (Graph) full;
        SplittableRandom rnd = new SplittableRandom(11);
        int changes = 0;
        while (changes < 200) {
            int c = inc.index.node("C" + rnd.nextInt(3_000));
            var holders = inc.index.holders(c);
            if (holders.isEmpty()) {
                continue;
            }
            Edge e = holders.get(rnd.nextInt(holders.size()));
            Shareholding s = new Shareholding(inc.index.entity(e.holder).id(), inc.index.entity(c).id(),
                    e.equity * rnd.nextDouble(), null, null, null, null, Facts.SRC);
            int recomputed = inc.change(s);
            assertEquals(downstream(inc, c), recomputed, "only the company and what it holds, directly or not");
            ref.change(s);
            changes++;
        }
        ref.recomputeAll();
        for (int n = 0; n < inc.index.size(); n++) {
            if (inc.index.kind(n) != EntityKind.COMPANY) {
                continue;
            }
            Holdings a = inc.engine.of(n);
            Holdings b = ref.engine.of(n);
            assertEquals(b.missing, a.missing, 1e-9, "missing of " + n);
            assertEquals(b.roots.length, a.roots.length, "holders of " + n);
            for (int i = 0; i < b.roots.length; i++) {
                assertEquals(b.shares[i], a.shareOf(b.roots[i]), 1e-9);
            }
            assertEquals(ref.engine.top(n), inc.engine.top(n), "controller of " + n);
        }
    }

    private static int downstream(Graph g, int c) {
        java.util.BitSet seen = new java.util.BitSet();
        java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>(java.util.List.of(c));
        seen.set(c);
        while (!q.isEmpty()) {
            for (Edge e : g.index.holdings(q.poll())) {
                if (!seen.get(e.company)) {
                    seen.set(e.company);
                    q.add(e.company);
                }
            }
        }
        return seen.cardinality();
    }

    @Test
    void changeThatWouldExceedHundredPercentIsRefused() {
        Graph g = (Graph) Facts.of().person("P", "Q").company("A").hold("P", "A", 60).hold("Q", "A", 40).graph();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> g.change(new Shareholding("P", "A", 0.7, null, null, null, null, Facts.SRC)));
        assertTrue(e.getMessage().contains("110.0000%"), e.getMessage());
        assertEquals(0.6, g.ownership("A").shareOf("P"), 1e-12);
    }
}
