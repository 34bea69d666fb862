package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first bulk import into an empty on-disk store is written by a separate loader process into a new store generation
 * and switched in: progress with counts, readers answered from the old state meanwhile, a failed loader leaves the store
 * as it was, and a server killed mid-import leaves a store that opens with its old facts.
 */
class BulkImportTest {
    private static final SparqlLimits LIMITS = new SparqlLimits(30_000, 10);
    /** ≈ 25,000 facts: over the bulk threshold. */
    private static final int COMPANIES = 4_000;

    static FactBatch reference() {
        return Facts.of().person("参考甲").company("参考乙").hold("参考甲", "参考乙", 100).batch;
    }

    private static long companiesInStore(KnowledgeGraph g) {
        SparqlResult r = g.sparql("PREFIX zy: <https://zhiyu.dev/kg#> SELECT (COUNT(*) AS ?n) WHERE { ?s zy:factType \"Entity\" }",
                LIMITS);
        return Long.parseLong(r.rows().getFirst().get("n"));
    }

    @Test
    void aFirstBulkImportIsANewGenerationWithProgressAndReadersAnswerMeanwhile(@TempDir Path tmp) {
        Path ref = tmp.resolve("reference");
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref)) {
            r.load(reference());
        }
        FactBatch batch = SyntheticGraph.generate(COMPANIES, 42);
        assertTrue(batch.size() >= TdbStore.BULK, "the batch takes the bulk path: " + batch.size());
        List<ImportProgress> seen = new CopyOnWriteArrayList<>();
        List<String> duringLoad = new CopyOnWriteArrayList<>();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tmp.resolve("tenant"), ref)) {
            long before = companiesInStore(g);
            ImportReport report = g.load(batch, p -> {
                if (p.stage() == ImportProgress.Stage.LOAD && duringLoad.isEmpty()) {
                    // another thread reads while the loader process writes: the old state answers, without waiting
                    duringLoad.add(CompletableFuture.supplyAsync(() -> g.controller("参考乙").controller().id()
                            + "|" + companiesInStore(g)).orTimeout(20, TimeUnit.SECONDS).join());
                }
                seen.add(p);
            });
            assertTrue(report.rejected().isEmpty(), report.rejected().toString());
            assertEquals(List.of("参考甲|" + before), duringLoad, "a reader got the old store's answer during the load");
            assertTrue(seen.stream().anyMatch(p -> p.stage() == ImportProgress.Stage.LOAD && p.done() > 0
                    && p.done() < p.total()), "progress counts the facts loaded: " + seen);
            assertEquals(List.of(ImportProgress.Stage.CHECK, ImportProgress.Stage.LOAD,
                    ImportProgress.Stage.INDEX, ImportProgress.Stage.SWITCH, ImportProgress.Stage.COMPUTE),
                    seen.stream().map(ImportProgress::stage).distinct().toList());
            assertTrue(companiesInStore(g) > before + COMPANIES, "the new generation answers SPARQL at once");
            assertTrue(g.profile("C7").toString().contains("C7"));
        }
        assertEquals(List.of("Data-0002"), dataDirs(tmp.resolve("tenant")), "the empty generation is gone, no tmp left");
        List<OpenProgress.Phase> opening = new CopyOnWriteArrayList<>();
        try (KnowledgeGraph again = KnowledgeGraphs.tenant(tmp.resolve("tenant"), ref, p -> opening.add(p.phase()))) {
            assertTrue(again.entity("C7").isPresent());
            assertTrue(again.entity("参考甲").isPresent());
        }
        assertTrue(opening.contains(OpenProgress.Phase.SNAPSHOT) && !opening.contains(OpenProgress.Phase.REPLAY),
                "the snapshot saved after the import names the new generation's stamp, so the reopen reads it: " + opening);
    }

    @Test
    void aFailedLoaderProcessFailsTheImportInChineseAndLeavesTheStoreAsItWas(@TempDir Path tmp) {
        Path ref = tmp.resolve("reference");
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref)) {
            r.load(reference());
        }
        String heap = System.getProperty(BulkGeneration.HEAP);
        System.setProperty(BulkGeneration.HEAP, "1x"); // the loader JVM refuses to start
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tmp.resolve("tenant"), ref)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> g.load(SyntheticGraph.generate(COMPANIES, 42)));
            assertTrue(e.getMessage().contains("图库批量装载进程失败（退出码 1），图库未改变"), e.getMessage());
            assertEquals(List.of("Data-0001"), dataDirs(tmp.resolve("tenant")), "nothing left behind");
        } finally {
            if (heap == null) {
                System.clearProperty(BulkGeneration.HEAP);
            } else {
                System.setProperty(BulkGeneration.HEAP, heap);
            }
        }
        try (KnowledgeGraph again = KnowledgeGraphs.tenant(tmp.resolve("tenant"), ref)) {
            assertFalse(again.entity("C7").isPresent());
            assertTrue(again.entity("参考甲").isPresent());
        }
    }

    /** The "server": builds the reference, then bulk-imports into the tenant and prints each progress line. */
    public static void main(String[] args) {
        Path ref = Path.of(args[0]);
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref)) {
            r.load(reference());
        }
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(Path.of(args[1]), ref)) {
            g.load(SyntheticGraph.generate(COMPANIES, 42), p -> {
                System.out.println(p.stage() + " " + p.done());
                System.out.flush();
            });
        }
        System.out.println("FINISHED");
    }

    @Test
    void aServerKilledMidImportLeavesAStoreThatOpensWithItsOldFacts(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("reference");
        Path tenant = tmp.resolve("tenant");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BulkImportTest.class.getName(), ref.toString(),
                tenant.toString()).redirectErrorStream(true).start();
        List<ProcessHandle> loaders;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("LOAD ")) {
                assertFalse(line.startsWith("FINISHED"), "killed before the end");
            }
            assertTrue(line != null, "the import reached the loader process");
            loaders = server.toHandle().descendants().toList();
            assertFalse(loaders.isEmpty(), "a loader process runs");
            server.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        for (ProcessHandle loader : loaders) {
            loader.onExit().get(30, TimeUnit.SECONDS); // the loader does not outlive its server
        }
        assertTrue(Files.exists(tenant.resolve("Data-0002-tmp")), "killed while the new generation was being built");
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            assertTrue(g.entity("参考甲").isPresent(), "the old facts answer");
            assertEquals("参考甲", g.controller("参考乙").controller().id());
            assertFalse(g.entity("C7").isPresent(), "nothing of the killed import");
            assertEquals(0, companiesInStore(g) - 2, "the store holds the reference's 2 parties only");
        }
        assertEquals(List.of("Data-0001"), dataDirs(tenant), "TDB2 removed the unfinished generation when it opened");
    }

    private static List<String> dataDirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Data-")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
