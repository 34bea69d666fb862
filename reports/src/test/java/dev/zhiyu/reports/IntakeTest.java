package dev.zhiyu.reports;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntakeTest {
    private static ReportPipeline pipeline() {
        return new ReportPipeline(new ReportParser(Limits.defaults(), false), new AnomalyDetector(Thresholds.defaults()),
                ExplanationMatcher.keywords(), false);
    }

    @Test
    void aWatchedDirectoryIsProcessedAsynchronouslyDeduplicatedAndBadFilesFailWithAStatus() throws Exception {
        Path drop = Files.createTempDirectory("reports-drop");
        Files.copy(SharedData.pdf("民生银行"), drop.resolve("a.pdf"));
        Files.copy(SharedData.pdf("民生银行"), drop.resolve("same-content.pdf"));
        Files.writeString(drop.resolve("broken.pdf"), "not a pdf at all");
        MemoryStore store = new MemoryStore();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ReportIntake intake = new ReportIntake(store, pipeline(), pool, Limits.defaults(), null);
        var received = intake.scan(drop);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(3, received.size());
        assertEquals(2, store.docs.size(), "同一内容只处理一次");
        assertFalse(received.get(2).created());
        StoredReport bank = store.find(received.get(0).id()).orElseThrow();
        assertEquals(DocumentStatus.DONE, bank.status());
        assertEquals("600016", bank.info().code());
        StoredReport broken = store.find(received.get(1).id()).orElseThrow();
        assertEquals(DocumentStatus.FAILED, broken.status());
        assertEquals("NOT_PDF", broken.problem());
        assertTrue(broken.detail().contains("broken.pdf"));
        assertFalse(store.results.containsKey(broken.id()), "失败的文档不留下半截结果");
        assertEquals(NewsItem.Status.PUBLISHED, store.news(bank.id()).orElseThrow().status());
    }
}
