package dev.zhiyu.server.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.reports.DocumentStatus;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A report whose processing a crash cut off comes back FAILED with the restart reason, the files a crash can leave
 * behind are swept, and uploading the same PDF again processes it (it used to be answered "already received" for
 * ever, stuck in PROCESSING).
 */
class ReportRestartRecoveryTest {
    private static final Path PDFS = Path.of("../../shared/data/reports/pdfs");

    @Test
    void aReportCutOffByARestartFailsVisiblyAndCanBeUploadedAgain() throws Exception {
        byte[] pdf = Files.readAllBytes(bankReport());
        String sha = ReportParser.sha256(pdf);
        try (TestStores stores = TestStores.h2()) {
            long id;
            String key;
            Path originals;
            try (ZhiyuServer first = ZhiyuServer.start(stores.config())) {
                Tenant t = first.platform().tenants().create("alpha", "甲证券", "test");
                key = first.platform().keys().create(t.id(), "研究", "researcher", "test").secret();
                JdbiReportStore store = new JdbiReportStore(first.platform().stores().jdbi(t));
                id = store.receive("bank.pdf", sha, pdf.length).id();
                store.status(id, DocumentStatus.PROCESSING, null, null);
                originals = Files.createDirectories(((TestStores.H2) stores).dir().resolve("tenants/alpha/reports/originals"));
                Files.write(originals.resolve("a".repeat(64) + ".pdf"), pdf);
                Files.write(originals.resolve("upload-1.part"), new byte[] {1, 2, 3});
            }
            try (ZhiyuServer second = ZhiyuServer.start(stores.config())) {
                Api api = Api.withKey(second.port(), key);
                JsonNode cut = api.get("/api/reports/" + id).json();
                assertEquals("FAILED", cut.path("document").path("status").asText(), cut.toString());
                assertEquals(JdbiReportStore.RESTARTED, cut.path("document").path("problem").asText(), cut.toString());
                assertTrue(cut.path("document").path("detail").asText().contains("服务重启"), cut.toString());
                try (var left = Files.list(originals)) {
                    assertEquals(0, left.count(), "orphan original and half-written upload are swept");
                }

                HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + second.port() + "/api/reports?name=bank.pdf"))
                        .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, again.statusCode(), again.body());
                JsonNode received = Api.withKey(second.port(), key).get("/api/reports/" + id).json();
                assertFalse(received.path("document").path("status").asText().equals("FAILED"), received.toString());
                assertEquals("DONE", awaitFinished(api, id), "the re-uploaded report is processed again");
            }
        }
    }

    /**
     * A worker that died without a restart (killed thread, lost node) leaves PROCESSING behind: a re-upload of the
     * same file takes over a row older than {@link JdbiReportStore#STALE}; one still within it is left to its worker.
     * A starting run fails only rows received before it started.
     */
    @Test
    void aStaleProcessingRowIsTakenOverByAReUploadAndTheStartFailsOnlyEarlierRows() throws Exception {
        try (TestStores stores = TestStores.h2();
             dev.zhiyu.server.platform.Platform p = dev.zhiyu.server.platform.Platform.open(stores.config())) {
            p.startUp();
            Tenant t = p.tenants().create("alpha", "甲证券", "test");
            var jdbi = p.stores().jdbi(t);
            JdbiReportStore store = new JdbiReportStore(jdbi);
            long stale = store.receive("old.pdf", "a".repeat(64), 10).id();
            store.status(stale, DocumentStatus.PROCESSING, null, null);
            long fresh = store.receive("new.pdf", "b".repeat(64), 10).id();
            store.status(fresh, DocumentStatus.PROCESSING, null, null);
            jdbi.useHandle(h -> h.createUpdate("UPDATE report_documents SET received_at = :t WHERE id = :id")
                    .bind("t", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minus(JdbiReportStore.STALE).minusMinutes(1))
                    .bind("id", stale).execute());

            assertFalse(store.receive("new.pdf", "b".repeat(64), 10).created(), "a live worker's document is not taken over");
            var again = store.receive("old-again.pdf", "a".repeat(64), 10);
            assertEquals(stale, again.id());
            assertTrue(again.created(), "a stale PROCESSING row is received afresh, so the re-upload is processed");
            assertEquals(DocumentStatus.RECEIVED, store.find(stale).orElseThrow().status());

            java.time.Instant run = java.time.Instant.now();
            long later = store.receive("during-run.pdf", "c".repeat(64), 10).id();
            jdbi.useHandle(h -> h.createUpdate("UPDATE report_documents SET received_at = :t WHERE id <> :id")
                    .bind("t", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5)).bind("id", later).execute());
            assertEquals(2, store.failInterrupted(run), "the two rows received before the run started");
            assertEquals(DocumentStatus.FAILED, store.find(fresh).orElseThrow().status());
            assertEquals(DocumentStatus.RECEIVED, store.find(later).orElseThrow().status(), "this run's own row is left alone");
        }
    }

    private static String awaitFinished(Api api, long id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            String status = api.get("/api/reports/" + id).json().path("document").path("status").asText();
            if (status.equals("DONE") || status.equals("FAILED")) {
                return status;
            }
            Thread.sleep(200);
        }
        return "still processing after 120 s";
    }

    private static Path bankReport() throws Exception {
        try (var s = Files.list(PDFS)) {
            return s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 " + PDFS.toAbsolutePath()));
        }
    }
}
