package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.news.NewsItem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void anEmptyOrNonPdfUploadIsRefusedAtTheDoorAndNothingIsRecorded() {
        MemoryStore store = new MemoryStore();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            ReportIntake intake = new ReportIntake(store, pipeline(), pool, Limits.defaults(), null);
            ReportException empty = assertThrows(ReportException.class, () -> intake.submit(new byte[0], "empty.pdf"));
            assertEquals(InputProblem.NOT_PDF, empty.problem());
            assertTrue(empty.getMessage().contains("empty.pdf") && empty.getMessage().contains("空文件"), empty.getMessage());
            ReportException text = assertThrows(ReportException.class,
                    () -> intake.submit("<html>登录已过期</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8), "年报.pdf"));
            assertEquals(InputProblem.NOT_PDF, text.problem());
            assertTrue(text.getMessage().contains("不是 PDF"), text.getMessage());
            assertTrue(store.docs.isEmpty(), "门口拒绝的文件不登记、不排队");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUrlListIsFetchedAndProcessed() throws Exception {
        byte[] pdf = Files.readAllBytes(SharedData.pdf("民生银行"));
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/disclosure/600016.pdf", ex -> {
            ex.sendResponseHeaders(200, pdf.length);
            ex.getResponseBody().write(pdf);
            ex.close();
        });
        server.start();
        MemoryStore store = new MemoryStore();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var url = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/disclosure/600016.pdf");
            var r = new ReportIntake(store, pipeline(), pool, Limits.defaults(), null).fetch(java.util.List.of(url),
                    java.net.http.HttpClient.newHttpClient());
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            StoredReport d = store.find(r.get(0).id()).orElseThrow();
            assertEquals("600016.pdf", d.fileName());
            assertEquals(DocumentStatus.DONE, d.status());
        } finally {
            server.stop(0);
        }
    }
}
