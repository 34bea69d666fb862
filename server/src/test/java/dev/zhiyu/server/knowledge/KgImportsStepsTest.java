package dev.zhiyu.server.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.knowledge.ImportProgress;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.KnowledgeGraphs;
import dev.zhiyu.knowledge.SyntheticGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import record shows how far the write has got: read from another connection during a real first bulk import
 * (a loader process writing a new store generation), it carries the step and its counts, and the bar moves with them.
 */
class KgImportsStepsTest {
    private static KgImportRecords records() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:kg-steps-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/tenant").outOfOrder(true).load().migrate();
        return new KgImportRecords(Jdbi.create(ds));
    }

    @Test
    void aRecordReadDuringABulkImportShowsTheStepAndItsCounts(@TempDir Path dir) {
        KgImportRecords records = records();
        long id = records.insert("tables", "synthetic.json", 1, "test", "boot");
        records.started(id);
        KgImports.Steps steps = new KgImports.Steps(records, id, System::nanoTime);
        List<KgImport> seen = new CopyOnWriteArrayList<>();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir.resolve("kg"))) {
            g.load(SyntheticGraph.generate(4_000, 42), p -> {
                steps.accept(p);
                if (p.stage() == ImportProgress.Stage.LOAD && p.done() > 0 && seen.isEmpty()) {
                    seen.add(CompletableFuture.supplyAsync(() -> records.find(id).orElseThrow()).join());
                }
            });
        }
        assertEquals(1, seen.size(), "the load reported its count while it ran");
        KgImport during = seen.getFirst();
        assertEquals(ImportProgress.Stage.LOAD.label, during.step().substring(0, during.step().indexOf('：')), during.step());
        assertTrue(during.stepDone() > 0 && during.stepTotal() > during.stepDone(), during.toString());
        assertTrue(during.step().contains("条事实"), during.step());
        assertTrue(during.progress() > 0.40 && during.progress() < 0.8, "the bar is within the load's span: " + during);
        KgImport after = records.find(id).orElseThrow();
        assertEquals(ImportProgress.Stage.COMPUTE.label, after.step(), "the last step reached: " + after);
    }

    @Test
    void countsWithinAStepAreWrittenAtMostOnceASecondAndEachNewStepAtOnce() {
        KgImportRecords records = records();
        long id = records.insert("tables", "f.json", 1, "test", "boot");
        long[] now = {0};
        KgImports.Steps steps = new KgImports.Steps(records, id, () -> now[0]);
        steps.accept(new ImportProgress(ImportProgress.Stage.LOAD, 10, 100));
        steps.accept(new ImportProgress(ImportProgress.Stage.LOAD, 20, 100));
        assertEquals(10L, records.find(id).orElseThrow().stepDone(), "the second count came within the second");
        now[0] += 1_000_000_000L;
        steps.accept(new ImportProgress(ImportProgress.Stage.LOAD, 30, 100));
        assertEquals(30L, records.find(id).orElseThrow().stepDone());
        steps.accept(new ImportProgress(ImportProgress.Stage.LOAD, 100, 100));
        assertEquals("装载事实：100 / 100 条事实（100%）", records.find(id).orElseThrow().step(), "the step's end is never skipped");
        steps.accept(new ImportProgress(ImportProgress.Stage.INDEX, 0, 1));
        assertEquals(0.80, records.find(id).orElseThrow().progress(), 1e-9);
    }
}
