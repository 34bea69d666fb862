package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final Datasets datasets = new Datasets(stores, Clock.systemUTC());

    private Correction correct(String session, String text, String intent, String who, boolean adjudicated) {
        return stores.add(new Correction(0, "intent:kaihu", session, 2, text, intent, Map.of(), who, adjudicated,
                Instant.now()));
    }

    @Test
    void disagreeingAnnotatorsMakeAConflictKeptOutUntilAdjudicated() {
        correct("a", "要得", "affirm", "li", false);
        correct("b", "侬是啥人", "ask_identity", "li", false);
        correct("b", "侬是啥人", "wrong_person", "wang", false);

        List<Conflict> conflicts = datasets.conflicts("intent:kaihu");
        assertEquals(1, conflicts.size());
        assertEquals(Map.of("li", "ask_identity", "wang", "wrong_person"), conflicts.get(0).intents());
        DatasetSnapshot v1 = datasets.snapshot("intent:kaihu", "li");
        assertEquals(1, v1.examples());
        assertEquals(1, v1.conflictsLeftOut());

        correct("b", "侬是啥人", "ask_identity", "zhang", true);
        assertTrue(datasets.conflicts("intent:kaihu").isEmpty());
        DatasetSnapshot v2 = datasets.snapshot("intent:kaihu", "zhang");
        assertEquals(2, v2.version());
        assertEquals(List.of("affirm", "ask_identity"), stores.examples(v2.id()).stream().map(Example::intent).toList());
        // the first snapshot is unchanged
        assertEquals(1, stores.examples(v1.id()).size());
        assertEquals(v1, stores.snapshot(v1.id()).orElseThrow());
    }

    @Test
    void anAnnotatorsLaterVerdictSupersedesTheirOwnEarlierOne() {
        correct("a", "得嘞", "abuse", "li", false);
        correct("a", "得嘞", "affirm", "li", false);
        correct("a", "得嘞", "affirm", "wang", false);
        assertTrue(datasets.conflicts("intent:kaihu").isEmpty());
        assertEquals("affirm", stores.examples(datasets.snapshot("intent:kaihu", "li").id()).get(0).intent());
        assertEquals(3, stores.corrections("intent:kaihu").size(), "nothing overwritten");
    }

    @Test
    void nothingToSnapshotIsAClearError() {
        ModelRequestException e = assertThrows(ModelRequestException.class,
                () -> datasets.snapshot("intent:kaihu", "li"));
        assertTrue(e.getMessage().contains("还没有可用的标注"), e.getMessage());
    }
}
