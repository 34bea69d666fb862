package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart from a snapshot the view says how far it is (serving while the rest is read, then ready), and
 * queries run side by side while the background reader is in the middle of its work.
 */
class ReadinessTest {
    @TempDir
    Path data;

    private MemoryStore store;
    private final Map<String, Profile> expected = new LinkedHashMap<>();

    /** 2,000 generated companies (about 3,600 parties: four turns of the background reader), saved as a snapshot. */
    private void seed() throws Exception {
        MemoryStore unsaved = new MemoryStore(null);
        Graph built = new Graph(unsaved);
        assertTrue(built.load(SyntheticGraph.generate(2_000, 5)).rejected().isEmpty());
        store = new MemoryStore(data.resolve("kg.index"));
        store.facts.addAll(unsaved.facts);
        for (int i = 1_000; i < 1_040; i++) {
            expected.put("C" + i, built.profile("C" + i));
        }
        Snapshot.write(store.file, "fixed", built.index, built.engine.results());
    }

    @Test
    void twoReadersBothFinishWhileTheBackgroundReaderIsParked() throws Exception {
        seed();
        MemoryStore.Park park = new MemoryStore.Park();
        try (Graph g = new Graph(store, p -> { }, park)) {
            assertTrue(park.parked.await(10, TimeUnit.SECONDS));
            List<String> keys = new ArrayList<>(expected.keySet());
            List<CompletableFuture<Boolean>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                List<String> mine = keys.subList(t * 20, t * 20 + 20);
                readers.add(CompletableFuture.supplyAsync(
                        () -> mine.stream().allMatch(c -> expected.get(c).equals(g.profile(c))),
                        r -> Thread.ofPlatform().start(r)));
            }
            for (CompletableFuture<Boolean> r : readers) {
                assertTrue(r.get(10, TimeUnit.SECONDS), "answers equal the ones before the restart");
            }
            Readiness partial = g.readiness();
            assertEquals(Readiness.State.SERVING_PARTIAL, partial.state());
            assertEquals(0, partial.done(), "the background reader is still parked in its first turn");
            assertTrue(partial.total() > 3_000, partial.toString());
            park.release.countDown();
            g.awaitComplete();
            assertEquals(new Readiness(Readiness.State.READY, partial.total(), partial.total()), g.readiness());
            assertEquals(expected.get("C1000"), g.profile("C1000"));
        }
    }

    @Test
    void aViewWithoutASnapshotIsReadyOnceOpenAndADamagedOneSaysItIsRebuilding() throws Exception {
        seed();
        try (Graph g = new Graph(new MemoryStore(data.resolve("none.index")))) {
            assertEquals(Readiness.State.READY, g.readiness().state());
        }
        Snapshot.View view = Snapshot.open(store.file, "fixed");
        long record = view.recordStart(view.lookup("C1000", false));
        try (RandomAccessFile f = new RandomAccessFile(store.file.toFile(), "rw")) {
            f.seek(record + 6);
            int b = f.read();
            f.seek(record + 6);
            f.write(b ^ 0x01);
        }
        MemoryStore.Park park = new MemoryStore.Park();
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        store.beforeReplay = () -> {
            replaying.countDown();
            try {
                goOn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Graph g = new Graph(store, p -> { }, park)) {
            assertTrue(park.parked.await(10, TimeUnit.SECONDS));
            assertEquals(Readiness.State.SERVING_PARTIAL, g.readiness().state());
            CompletableFuture<Profile> damaged = CompletableFuture.supplyAsync(() -> g.profile("C1000"),
                    r -> Thread.ofPlatform().start(r));
            park.release.countDown();
            assertTrue(replaying.await(10, TimeUnit.SECONDS), "the damaged record sent the view to a rebuild");
            assertEquals(Readiness.State.REBUILDING, g.readiness().state());
            goOn.countDown();
            assertEquals(expected.get("C1000"), damaged.get(30, TimeUnit.SECONDS), "answered from the rebuilt index");
            assertEquals(Readiness.State.READY, g.readiness().state());
        }
    }
}
