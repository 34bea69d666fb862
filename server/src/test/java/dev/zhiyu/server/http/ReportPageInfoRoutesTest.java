package dev.zhiyu.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/reports/{id}/pages/{n}/info} (the page's size in PDF points and its image's size in pixels, what the
 * console needs to draw a cited cell over the page) and {@code GET /api/reports/{id}/explanations} (the anomalies as
 * judged, with the report's candidate sentences) on the production server with an uploaded sample report.
 */
class ReportPageInfoRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pageSizesFrameTheStoredCellBoxesAndTheExplanationReviewIsForResearchersOfTheTenant() throws Exception {
        Path pdf;
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            pdf = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs"));
        }
        Path data = Files.createTempDirectory("zhiyu-page-info-");
        try (TestStores stores = new TestStores.H2(data); ZhiyuServer server = ZhiyuServer.start(stores.config(Map.of(
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Platform p = server.platform();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            String keyA = p.keys().create(a.id(), "研究", "researcher", "test").secret();
            String opA = p.keys().create(a.id(), "运营", "operator", "test").secret();
            String keyB = p.keys().create(b.id(), "研究", "researcher", "test").secret();
            Api api = Api.withKey(server.port(), keyA);
            var up = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/reports?name=bank.pdf"))
                    .header("Authorization", "Bearer " + keyA).header("Content-Type", "application/pdf")
                    .POST(HttpRequest.BodyPublishers.ofFile(pdf)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, up.statusCode(), up.body());
            long id = Json.MAPPER.readTree(up.body()).get("id").asLong();
            JsonNode detail = null;
            for (int i = 0; i < 240; i++) {
                detail = api.get("/api/reports/" + id).json();
                String status = detail.get("document").get("status").asText();
                assertFalse(status.equals("FAILED"), detail.toString());
                if (status.equals("DONE")) break;
                Thread.sleep(250);
            }
            assertEquals("DONE", detail.get("document").get("status").asText());
            int pages = detail.get("document").get("pages").asInt();

            var info = api.get("/api/reports/" + id + "/pages/1/info");
            assertEquals(200, info.status(), info.body());
            JsonNode first = info.json();
            assertEquals(1, first.get("page").asInt());
            assertEquals(pages, first.get("pages").asInt());
            double w = first.get("widthPt").asDouble(), h = first.get("heightPt").asDouble();
            assertTrue(w > 500 && w < 700 && h > 700 && h < 900, "an A4-ish page in points: " + first);
            var png = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/reports/" + id + "/pages/1"))
                    .header("Authorization", "Bearer " + keyA).build(), HttpResponse.BodyHandlers.ofByteArray());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertEquals(img.getWidth(), first.get("imageWidth").asInt(), "the info names the served image's width");
            assertEquals(img.getHeight(), first.get("imageHeight").asInt(), "and its height");

            int cells = 0;
            for (JsonNode k : detail.get("indicators")) {
                for (String role : List.of("current", "prior")) {
                    JsonNode src = k.path(role).path("source");
                    if (src.isMissingNode() || src.isNull() || src.get("page").asInt() < 1) continue;
                    JsonNode size = api.get("/api/reports/" + id + "/pages/" + src.get("page").asInt() + "/info").json();
                    JsonNode box = src.get("box");
                    double x = box.get("x").asDouble(), y = box.get("y").asDouble();
                    double bw = box.get("width").asDouble(), bh = box.get("height").asDouble();
                    assertTrue(bw > 0 && bh > 0 && x >= 0 && y >= 0 && x + bw <= size.get("widthPt").asDouble() + 1
                            && y + bh <= size.get("heightPt").asDouble() + 1, k.get("label") + " " + role + " 的单元格应在页面内：" + box + " " + size);
                    cells++;
                }
            }
            assertTrue(cells >= 4, "the sample's indicators cite cells with boxes: " + cells);

            for (String bad : List.of("0", "abc", "-3")) {
                var r = api.get("/api/reports/" + id + "/pages/" + bad + "/info");
                assertEquals(400, r.status(), bad + " " + r.body());
                assertTrue(r.json().get("detail").asText().contains("1 到 " + pages), r.body());
            }
            var past = api.get("/api/reports/" + id + "/pages/" + (pages + 1) + "/info");
            assertEquals(404, past.status(), past.body());
            var foreign = Api.withKey(server.port(), keyB).get("/api/reports/" + id + "/pages/1/info");
            assertEquals(404, foreign.status(), "another tenant's report is as missing as an unknown one");
            assertEquals("没有编号为 " + id + " 的报告", foreign.json().get("detail").asText());

            var review = api.get("/api/reports/" + id + "/explanations");
            assertEquals(200, review.status(), review.body());
            JsonNode anomalies = review.json().get("anomalies");
            assertEquals(detail.get("anomalies").size(), anomalies.size(), "one entry per anomaly of the detail, same order");
            for (int i = 0; i < anomalies.size(); i++) {
                assertEquals(i, anomalies.get(i).get("anomalyIndex").asInt());
                assertEquals(detail.get("anomalies").get(i).get("statement").asText(), anomalies.get(i).get("statement").asText());
                assertEquals(0, anomalies.get(i).get("judgments").size());
                assertFalse(anomalies.get(i).get("conflict").asBoolean());
            }
            assertTrue(review.json().get("candidates").size() > 0, "the sample report has candidate sentences");
            if (anomalies.size() > 0) {
                String other = review.json().get("candidates").get(0).asText();
                var judged = api.post("/api/reports/" + id + "/anomalies/0/explanation", Map.of("verdict", "reject", "sentence", other));
                assertEquals(201, judged.status(), judged.body());
                JsonNode after = api.get("/api/reports/" + id + "/explanations").json().get("anomalies").get(0).get("judgments");
                assertEquals(1, after.size());
                assertEquals("REJECT", after.get(0).get("verdict").asText());
                assertEquals(other, after.get(0).get("chosenSentence").asText());
            }
            assertEquals(403, Api.withKey(server.port(), opA).get("/api/reports/" + id + "/explanations").status(),
                    "explanation review is for research staff");
            assertEquals(404, Api.withKey(server.port(), keyB).get("/api/reports/" + id + "/explanations").status());
            assertEquals(404, api.get("/api/reports/" + (id + 1000) + "/explanations").status());

            try (var kept = Files.list(data.resolve("tenants/alpha/reports/originals"))) {
                Files.delete(kept.findFirst().orElseThrow());
            }
            var gone = api.get("/api/reports/" + id + "/pages/2/info");
            assertEquals(404, gone.status(), gone.body());
            assertTrue(gone.json().get("detail").asText().contains("重新上传"), gone.body());
        }
    }
}
