package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A write that recomputes a large group does not hold readers up: they get the previous answer meanwhile. */
class ReadDuringWriteTest {
    private static final int SUBSIDIARIES = 150_000;

    private record Read(long start, long end, String controller) {
    }

    @Test
    void readsDuringASlowRecomputeReturnPromptlyWithThePreviousAnswer() throws Exception {
        FactBatch b = new FactBatch();
        int row = 1;
        for (String p : List.of("P", "Q")) {
            b.entity("t", row++, new Entity(p, EntityKind.PERSON, p, List.of(), Map.of(), Facts.SRC));
        }
        b.entity("t", row++, new Entity("TOP", EntityKind.COMPANY, "TOP", List.of(), Map.of(), Facts.SRC));
        b.shareholding("t", row++, new Shareholding("P", "TOP", 0.6, null, null, null, null, Facts.SRC));
        b.shareholding("t", row++, new Shareholding("Q", "TOP", 0.4, null, null, null, null, Facts.SRC));
        for (int i = 0; i < SUBSIDIARIES; i++) {
            b.entity("t", row++, new Entity("S" + i, EntityKind.COMPANY, "S" + i, List.of(), Map.of(), Facts.SRC));
            b.shareholding("t", row++, new Shareholding("TOP", "S" + i, 1.0, null, null, null, null, Facts.SRC));
        }
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        assertTrue(g.load(b).rejected().isEmpty());
        assertEquals("P", g.controller("S7").controller().id());

        FactBatch swap = new FactBatch()
                .shareholding("t", 1, new Shareholding("P", "TOP", 0.4, null, null, null, null, Facts.SRC))
                .shareholding("t", 2, new Shareholding("Q", "TOP", 0.6, null, null, null, null, Facts.SRC));
        AtomicLong writeStart = new AtomicLong();
        AtomicLong writeEnd = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            writeStart.set(System.nanoTime());
            g.load(swap);
            writeEnd.set(System.nanoTime());
        });
        while (writeStart.get() == 0) {
            Thread.onSpinWait();
        }
        List<Read> reads = new ArrayList<>();
        int i = 0;
        while (writer.isAlive()) {
            long t0 = System.nanoTime();
            String c = g.controller("S" + (i++ * 7919 % SUBSIDIARIES)).controller().id();
            reads.add(new Read(t0, System.nanoTime(), c));
        }
        writer.join();
        long settle = 20_000_000;
        long writeMillis = (writeEnd.get() - writeStart.get()) / 1_000_000;
        assertTrue(writeMillis >= 100, "the write took only " + writeMillis + " ms: too fast to show anything");
        List<Read> during = reads.stream()
                .filter(r -> r.start() > writeStart.get() + settle && r.end() < writeEnd.get()).toList();
        assertTrue(!during.isEmpty(), "no read completed during a " + writeMillis + " ms write: readers were blocked");
        assertTrue(during.stream().anyMatch(r -> r.controller().equals("P")),
                "reads during the write answer with the previous version");
        String answers = String.join("", reads.stream().map(Read::controller).toList());
        assertTrue(answers.matches("P*Q*"), "old answers until the new version is published, then only new ones — "
                + "never a half-computed mix: " + answers.replaceAll("(.)\\1+", "$1…"));
        long slowest = during.stream().mapToLong(r -> r.end() - r.start()).max().orElseThrow() / 1_000_000;
        assertTrue(slowest < writeMillis / 2, "slowest read " + slowest + " ms during a " + writeMillis + " ms write");
        assertEquals("Q", g.controller("S7").controller().id(), "after the write, the new version");
        assertEquals("Q", g.controller("S" + (SUBSIDIARIES - 1)).controller().id());
    }
}
