package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart reads the saved index instead of replaying the store — but only a snapshot of exactly this store state. */
class SnapshotTest {
    @TempDir
    Path data;

    private Path ref() {
        return data.resolve("reference/kg");
    }

    private Path tenant() {
        return data.resolve("tenants/t/kg");
    }

    private Path snapshot() {
        return data.resolve("tenants/t/kg.index");
    }

    private record Opened(Map<String, Profile> profiles, Set<OpenProgress.Phase> phases) {
    }

    private Opened open(List<String> companies) {
        Set<OpenProgress.Phase> phases = EnumSet.noneOf(OpenProgress.Phase.class);
        Map<String, Profile> profiles = new LinkedHashMap<>();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant(), ref(), p -> phases.add(p.phase()))) {
            companies.forEach(c -> profiles.put(c, g.profile(c)));
            ((Graph) g).awaitComplete();
        }
        return new Opened(profiles, phases);
    }

    private List<String> seed() {
        FactBatch synthetic = SyntheticGraph.generate(400, 11);
        List<String> companies = new ArrayList<>();
        synthetic.entities.stream().filter(e -> e.fact().kind() == EntityKind.COMPANY).limit(120)
                .forEach(e -> companies.add(e.fact().id()));
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref())) {
            assertTrue(r.load(Facts.of().person("张三").company("公共甲").hold("张三", "公共甲", 60).batch).rejected().isEmpty());
        }
        try (KnowledgeGraph t = KnowledgeGraphs.tenant(tenant(), ref())) {
            ImportReport rep = t.load(synthetic);
            assertTrue(rep.rejected().isEmpty(), rep.rejected().toString());
            assertTrue(t.load(Facts.of().person("李四", "王五").company("乙").hold("公共甲", "乙", 40)
                    .hold("李四", "乙", 35).hold("王五", "乙", 25).concert("乙", "李四", "王五").batch).rejected().isEmpty());
        }
        companies.add("乙");
        companies.add("公共甲");
        return companies;
    }

    @Test
    void reopeningReadsTheSnapshotAndAnswersExactlyAsARebuildDoes() throws IOException {
        List<String> companies = seed();
        Files.deleteIfExists(snapshot());
        Opened rebuilt = open(companies);
        assertTrue(rebuilt.phases().contains(OpenProgress.Phase.REPLAY), rebuilt.phases().toString());
        assertTrue(Files.isRegularFile(snapshot()), "closing saves the computed index");
        Opened fast = open(companies);
        assertFalse(fast.phases().contains(OpenProgress.Phase.REPLAY), fast.phases().toString());
        assertTrue(fast.phases().contains(OpenProgress.Phase.SNAPSHOT));
        assertEquals(rebuilt.profiles(), fast.profiles());
        assertEquals("李四、王五", String.join("、", fast.profiles().get("乙").controller().jointControllers().stream()
                .map(Party::name).sorted().toList()));
    }

    @Test
    void aSnapshotOfAnEarlierStoreStateIsNotUsed() throws IOException {
        List<String> companies = seed();
        open(companies);
        Path old = data.resolve("old.index");
        Files.copy(snapshot(), old);
        try (KnowledgeGraph t = KnowledgeGraphs.tenant(tenant(), ref())) {
            assertTrue(t.load(Facts.of().person("赵六").batch).rejected().isEmpty());
            assertTrue(t.load(new FactBatch().shareholding("t", 1, new Shareholding("赵六", "公共甲", 0.3, null, null,
                    null, null, Facts.SRC))).rejected().isEmpty());
        }
        Files.copy(old, snapshot(), StandardCopyOption.REPLACE_EXISTING);
        Opened reopened = open(companies);
        assertTrue(reopened.phases().contains(OpenProgress.Phase.REPLAY), "the tenant store moved on: rebuild");
        assertEquals(0.3, reopened.profiles().get("公共甲").ownership().shareOf("赵六"), 1e-9);
    }

    @Test
    void aReferenceImportMakesEveryTenantSnapshotStale() {
        List<String> companies = seed();
        open(companies);
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref())) {
            assertTrue(r.load(Facts.of().person("钱七").hold("钱七", "公共甲", 40).batch).rejected().isEmpty());
        }
        Opened reopened = open(companies);
        assertTrue(reopened.phases().contains(OpenProgress.Phase.REPLAY));
        assertEquals(0.4, reopened.profiles().get("公共甲").ownership().shareOf("钱七"), 1e-9);
    }

    @Test
    void aDamagedOrTruncatedSnapshotIsIgnored() throws IOException {
        List<String> companies = seed();
        Opened good = open(companies);
        long size = Files.size(snapshot());
        try (RandomAccessFile f = new RandomAccessFile(snapshot().toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x5a);
        }
        Opened afterFlip = open(companies);
        assertTrue(afterFlip.phases().contains(OpenProgress.Phase.REPLAY), "a flipped byte fails the checksum");
        assertEquals(good.profiles(), afterFlip.profiles());
        try (RandomAccessFile f = new RandomAccessFile(snapshot().toFile(), "rw")) {
            f.setLength(size / 3);
        }
        Opened afterCut = open(companies);
        assertTrue(afterCut.phases().contains(OpenProgress.Phase.REPLAY), "a truncated file is not read");
        assertEquals(good.profiles(), afterCut.profiles());
    }

    @Test
    void aDamagedRecordIsNeverAnsweredFromTheViewIsRebuiltInstead() throws IOException {
        List<String> companies = seed();
        Opened good = open(companies);
        String stamp;
        try (TdbStore store = TdbStore.tenant(tenant(), ref())) {
            stamp = store.stamp();
        }
        Snapshot.View view = Snapshot.open(snapshot(), stamp);
        long record = view.recordStart(view.lookup(companies.getFirst(), false));
        assertTrue(record < Snapshot.BLOCK && Files.size(snapshot()) > 3L * Snapshot.BLOCK,
                "the record sits in a block of its own, away from the tables read at open");
        try (RandomAccessFile f = new RandomAccessFile(snapshot().toFile(), "rw")) {
            f.seek(record + 6);
            int b = f.read();
            f.seek(record + 6);
            f.write(b ^ 0x01);
        }
        List<OpenProgress.Phase> phases = new ArrayList<>();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant(), ref(), p -> phases.add(p.phase()))) {
            companies.forEach(c -> profiles.put(c, g.profile(c)));
        }
        assertEquals(good.profiles(), profiles);
        int ready = phases.indexOf(OpenProgress.Phase.READY);
        assertTrue(ready >= 0 && phases.subList(ready, phases.size()).contains(OpenProgress.Phase.REPLAY),
                "answering from the snapshot began, then the damaged record sent the view to a rebuild: " + phases);
    }

    /**
     * A snapshot larger than one mapping (over 2 GiB at ≈ 3.5 M companies) is read in segments: here 1 KiB ones, so
     * records, tables and checksum blocks lie across segment edges, and a flipped byte just past an edge still fails
     * its block's checksum.
     */
    @Test
    void aSnapshotReadInSegmentsAnswersExactlyAndDamagePastASegmentEdgeIsCaught() throws IOException {
        List<String> companies = seed();
        Opened good = open(companies);
        int bits = Snapshot.segmentBits;
        Snapshot.segmentBits = 10;
        try {
            assertTrue(Files.size(snapshot()) > 64L << 10, "the file spans many 1 KiB segments");
            Opened segmented = open(companies);
            assertFalse(segmented.phases().contains(OpenProgress.Phase.REPLAY), segmented.phases().toString());
            assertEquals(good.profiles(), segmented.profiles());

            String stamp;
            try (TdbStore store = TdbStore.tenant(tenant(), ref())) {
                stamp = store.stamp();
            }
            Snapshot.View view = Snapshot.open(snapshot(), stamp);
            long record = view.recordStart(view.lookup(companies.getFirst(), false));
            long edge = ((record >> 10) + 1) << 10;
            assertEquals(record / Snapshot.BLOCK, edge / Snapshot.BLOCK, "the edge lies in the record's checksum block");
            try (RandomAccessFile f = new RandomAccessFile(snapshot().toFile(), "rw")) {
                f.seek(edge);
                int b = f.read();
                f.seek(edge);
                f.write(b ^ 0x01);
            }
            List<OpenProgress.Phase> phases = new ArrayList<>();
            Map<String, Profile> profiles = new LinkedHashMap<>();
            try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant(), ref(), p -> phases.add(p.phase()))) {
                companies.forEach(c -> profiles.put(c, g.profile(c)));
            }
            assertEquals(good.profiles(), profiles);
            int ready = phases.indexOf(OpenProgress.Phase.READY);
            assertTrue(ready >= 0 && phases.subList(ready, phases.size()).contains(OpenProgress.Phase.REPLAY),
                    "the damaged block was caught when first read, and the view rebuilt: " + phases);
        } finally {
            Snapshot.segmentBits = bits;
        }
    }

    /** A store that keeps nothing but names a snapshot file and a fixed stamp. */
    private static FactStore snapshotOnly(Path file) {
        return new FactStore() {
            public String stamp() {
                return "fixed";
            }

            public java.util.Optional<Path> snapshotFile() {
                return java.util.Optional.of(file);
            }

            public void write(List<Object> facts) {
            }

            public void replay(java.util.function.Consumer<Object> sink) {
            }

            public SparqlResult sparql(String query, SparqlLimits limits) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
    }

    @Test
    void queriesFromManyThreadsWhileTheRestIsReadInTheBackgroundAnswerExactly() throws Exception {
        Graph built = new Graph(FactStore.NONE);
        assertTrue(built.load(SyntheticGraph.generate(3_000, 9)).rejected().isEmpty());
        Path file = data.resolve("bench.index");
        Snapshot.write(file, "fixed", built.index, built.engine.results());
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i += 7) {
            expected.put("C" + i, List.of(built.profile("C" + i), built.relations().relatedParties("C" + i)));
        }
        try (Graph g = new Graph(snapshotOnly(file))) {
            List<String> keys = new ArrayList<>(expected.keySet());
            List<CompletableFuture<List<String>>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int from = t;
                readers.add(CompletableFuture.supplyAsync(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = from; i < keys.size(); i += 2) {
                        String c = keys.get(i);
                        if (!expected.get(c).equals(List.of(g.profile(c), g.relations().relatedParties(c)))) {
                            wrong.add(c);
                        }
                    }
                    return wrong;
                }));
            }
            for (CompletableFuture<List<String>> r : readers) {
                assertEquals(List.of(), r.get(120, TimeUnit.SECONDS));
            }
            g.awaitComplete();
            assertEquals(expected.get("C7"), List.of(g.profile("C7"), g.relations().relatedParties("C7")));
            assertTrue(g.load(Facts.of().person("新股东").company("新公司").hold("新股东", "新公司", 60).batch).rejected().isEmpty(),
                    "writes work once the index is whole");
        }
    }

    @Test
    void theIndustryChainSurvivesARestartFromTheSnapshot() {
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref())) {
            assertTrue(r.load(Facts.of().company("公共甲").batch).rejected().isEmpty());
        }
        try (KnowledgeGraph t = KnowledgeGraphs.tenant(tenant(), ref())) {
            assertTrue(t.load(ChainTest.chain()).rejected().isEmpty());
        }
        Set<OpenProgress.Phase> phases = EnumSet.noneOf(OpenProgress.Phase.class);
        try (KnowledgeGraph t = KnowledgeGraphs.tenant(tenant(), ref(), p -> phases.add(p.phase()))) {
            assertFalse(phases.contains(OpenProgress.Phase.REPLAY), phases.toString());
            // a second parent and the company→product weights, both added after the snapshot format was written
            assertEquals(List.of("V"), t.relations().companiesInChain("汽车").stream().map(Party::id).toList());
            assertEquals(0.7, t.relations().chainNeighbours("芯片厂").weights().get("芯片"), 1e-12);
        }
    }

    @Test
    void aWriteDuringASlowSaveIsNotHeldUpAndTheNextSaveHasIt() throws Exception {
        List<String> companies = seed();
        open(companies);
        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Graph g = (Graph) KnowledgeGraphs.tenant(tenant(), ref())) {
            g.snapshotOutput = out -> new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    hold();
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    hold();
                    out.write(b);
                }

                private void hold() throws IOException {
                    saving.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            };
            try {
                assertTrue(g.load(Facts.of().person("赵六").batch).rejected().isEmpty());
                assertTrue(saving.await(60, TimeUnit.SECONDS), "the load starts a background save");
                CompletableFuture<ImportReport> write = CompletableFuture.supplyAsync(() -> g.load(new FactBatch()
                        .shareholding("t", 1, new Shareholding("赵六", "公共甲", 0.3, null, null, null, null, Facts.SRC))));
                // the save stays held until released below: a writer waiting for it would never finish here
                assertTrue(write.get(60, TimeUnit.SECONDS).rejected().isEmpty());
                assertEquals(1, release.getCount(), "the write finished while the save was still being written");
                assertEquals(0.3, g.ownership("公共甲").shareOf("赵六"), 1e-9);
            } finally {
                g.snapshotOutput = UnaryOperator.identity();
                release.countDown();
            }
        }
        Opened reopened = open(companies);
        assertFalse(reopened.phases().contains(OpenProgress.Phase.REPLAY), "the later save superseded the held one");
        assertEquals(0.3, reopened.profiles().get("公共甲").ownership().shareOf("赵六"), 1e-9);
    }
}
