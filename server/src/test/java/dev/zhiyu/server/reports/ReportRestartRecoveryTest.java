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
