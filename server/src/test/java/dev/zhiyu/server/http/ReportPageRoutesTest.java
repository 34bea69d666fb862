package dev.zhiyu.server.http;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/reports/{id}/pages/{n}} on the production server: an uploaded sample report's original is kept
 * once under the tenant's folder by its hash, its pages come back as plausible PNGs, and another tenant's id, bad
 * page numbers and a report whose original was not kept each get their problem document.
 */
class ReportPageRoutesTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> call(String method, String url, String key, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String detail(HttpResponse<byte[]> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("json"), r.headers().toString());
        return Json.MAPPER.readTree(r.body()).get("detail").asText();
    }

    @Test
    void pagesOfAnUploadedReportAreServedOnlyToItsTenantWithinRange() throws Exception {
        Path pdf;
        try (var s = Files.list(Path.of("../../shared/data/reports/pdfs"))) {
            pdf = s.filter(p -> p.getFileName().toString().startsWith("民生银行")).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 ../../shared/data/reports/pdfs"));
        }
        byte[] bytes = Files.readAllBytes(pdf);
        Path data = Files.createTempDirectory("zhiyu-pages-");
        try (TestStores stores = new TestStores.H2(data); ZhiyuServer server = ZhiyuServer.start(stores.config(Map.of(
                "zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Platform p = server.platform();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            String keyA = p.keys().create(a.id(), "研究", "researcher", "test").secret();
            String keyB = p.keys().create(b.id(), "研究", "researcher", "test").secret();
            String base = "http://127.0.0.1:" + server.port();

            var up = call("POST", base + "/api/reports?name=..%2F..%2Fevil.pdf", keyA, bytes);
            assertEquals(202, up.statusCode(), text(up));
            long id = Json.MAPPER.readTree(up.body()).get("id").asLong();
            int pages = 0;
            for (int i = 0; i < 120 && pages == 0; i++) {
                Thread.sleep(500);
                var doc = Json.MAPPER.readTree(call("GET", base + "/api/reports/" + id, keyA, null).body()).get("document");
                assertFalse(doc.get("status").asText().equals("FAILED"), doc.toString());
                if (doc.get("status").asText().equals("DONE")) pages = doc.get("pages").asInt();
            }
            assertTrue(pages > 2, "the sample report has several pages: " + pages);

            var again = call("POST", base + "/api/reports?name=copy.pdf", keyA, bytes);
            assertEquals(200, again.statusCode(), text(again));
            Path originals = data.resolve("tenants/alpha/reports/originals");
            List<Path> kept;
            try (var s = Files.list(originals)) {
                kept = s.toList();
            }
            assertEquals(1, kept.size(), "uploading the same file twice keeps it once: " + kept);
            assertTrue(kept.get(0).getFileName().toString().matches("[0-9a-f]{64}\\.pdf"), "named by hash, not by the user's name");
            assertArrayEquals(bytes, Files.readAllBytes(kept.get(0)));
            assertFalse(Files.exists(data.resolve("tenants/evil.pdf")) || Files.exists(data.resolve("evil.pdf")));

            var first = call("GET", base + "/api/reports/" + id + "/pages/1", keyA, null);
            assertEquals(200, first.statusCode(), text(first));
            assertEquals("image/png", first.headers().firstValue("Content-Type").orElse(""));
            assertTrue(first.headers().firstValue("Cache-Control").orElse("").matches("private, max-age=\\d+"),
                    first.headers().toString());
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(first.body(), 8));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(first.body()));
            assertNotNull(img, "decodes as an image");
            assertTrue(img.getWidth() >= 600 && img.getWidth() <= 1000, "about 110 DPI for an A4 page, capped: " + img.getWidth());
            double aspect = (double) img.getHeight() / img.getWidth();
            assertTrue(aspect > 1.2 && aspect < 1.6, "a portrait report page: " + img.getWidth() + "x" + img.getHeight());
            assertTrue(nonWhite(img) > 0.002, "the page has something printed on it");
            var second = call("GET", base + "/api/reports/" + id + "/pages/2", keyA, null);
            assertEquals(200, second.statusCode(), text(second));
            assertFalse(Arrays.equals(first.body(), second.body()), "another page is another image");
            var last = call("GET", base + "/api/reports/" + id + "/pages/" + pages, keyA, null);
            assertEquals(200, last.statusCode(), text(last));

            var foreign = call("GET", base + "/api/reports/" + id + "/pages/1", keyB, null);
            var missing = call("GET", base + "/api/reports/" + (id + 1000) + "/pages/1", keyA, null);
            assertEquals(404, foreign.statusCode());
            assertEquals(404, missing.statusCode());
            assertEquals("没有编号为 " + id + " 的报告", detail(foreign), "another tenant's id looks like a missing one");
            assertEquals("没有编号为 " + (id + 1000) + " 的报告", detail(missing));

            String range = "1 到 " + pages;
            for (String bad : List.of("0", "-1", "abc", "1.5", "99999999999")) {
                var r = call("GET", base + "/api/reports/" + id + "/pages/" + bad, keyA, null);
                assertEquals(400, r.statusCode(), bad + " " + text(r));
                assertTrue(detail(r).contains(range), bad + " names the valid range: " + detail(r));
            }
            var past = call("GET", base + "/api/reports/" + id + "/pages/" + (pages + 1), keyA, null);
            assertEquals(404, past.statusCode(), text(past));
            assertTrue(detail(past).contains(range), detail(past));

            Files.delete(kept.get(0)); // as for a report processed before originals were kept
            var gone = call("GET", base + "/api/reports/" + id + "/pages/1", keyA, null);
            assertEquals(404, gone.statusCode(), text(gone));
            assertTrue(detail(gone).contains("原文未保留") && detail(gone).contains("重新上传"), detail(gone));

            var junk = call("POST", base + "/api/reports?name=x.pdf", keyA, "not a pdf".getBytes());
            assertEquals(400, junk.statusCode(), text(junk));
            assertTrue(detail(junk).contains("不是 PDF"), detail(junk));
            var empty = call("POST", base + "/api/reports?name=empty.pdf", keyA, new byte[0]);
            assertEquals(400, empty.statusCode(), text(empty));
            assertTrue(detail(empty).contains("空文件"), detail(empty));
            try (var s = Files.list(originals)) {
                assertEquals(0, s.count(), "what is not a PDF is not kept");
            }
            assertFalse(Files.exists(data.resolve("tenants/beta/reports")), "nothing kept for the other tenant");
            try (var s = Files.walk(data)) {
                assertTrue(s.filter(f -> f.toString().endsWith(".pdf") || f.toString().endsWith(".png"))
                        .allMatch(f -> f.startsWith(data.resolve("tenants/alpha/reports"))), "originals and pages stay in the tenant's folder");
            }
        }
    }

    private static double nonWhite(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2)
                if ((img.getRGB(x, y) & 0xff) < 200) dark++;
        return dark / ((img.getHeight() / 2.0) * (img.getWidth() / 2.0));
    }
}
