package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous knowledge-graph imports over HTTP on the production server: a real BODS file reaches 完成 with the
 * synchronous route's counts, a broken file fails with the graph unchanged, jobs queue per tenant, another tenant's
 * job is 404, non-admins are refused, and a job a restart interrupted is marked failed. On H2 and PostgreSQL.
 */
abstract class KgImportsApiContract {
    static final Path BODS = Path.of("../../shared/data/kg/bods_examples_openownership/fermcat.json");
    @TempDir
    Path dataDir;
    private TestStores stores;
    private ZhiyuServer server;
    private final Map<String, Api> apis = new HashMap<>();
    private final Map<String, String> adminKeys = new HashMap<>();

    abstract TestStores testStores();

    @BeforeEach
    void start() {
        stores = testStores();
        server = ZhiyuServer.start(config());
        Platform p = server.platform();
        for (String slug : List.of("t1", "t2")) {
            Tenant t = p.tenants().create(slug, slug, "test");
            adminKeys.put(slug, p.keys().create(t.id(), "admin", "admin", "test").secret());
            apis.put(slug, Api.withKey(server.port(), adminKeys.get(slug)));
            apis.put(slug + "-op", Api.withKey(server.port(),
                    p.keys().create(t.id(), "op", "operator", "test").secret()));
        }
    }

    private dev.zhiyu.server.ServerConfig config() {
        // imports take the upload limit (a graph file is an upload), made small here so the 413 is cheap to test
        return stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent",
                "zhiyu.data.dir", dataDir.toString(), "zhiyu.http.max.upload.bytes", "1048576",
                "zhiyu.http.max.body.bytes", "65536"));
    }

    @AfterEach
    void stop() {
        server.close();
        stores.close();
    }

    private static byte[] sample() throws Exception {
        if (!Files.exists(BODS)) {
            fail("缺少 BODS 示例 " + BODS.toAbsolutePath() + "：测试需要 shared/data 位于检出目录旁");
        }
        return Files.readAllBytes(BODS);
    }

    private static JsonNode submit(Api api, String format, String body) {
        Api.Response r = api.postRaw("/api/kg/imports?format=" + format + "&name=f.json", body, "application/json");
        assertEquals(202, r.status(), r.toString());
        assertEquals("排队", r.json().get("status").asText());
        assertEquals("/api/kg/imports/" + r.json().get("id").asLong(), r.raw().headers().firstValue("Location").orElse(null));
        return r.json();
    }

    private static JsonNode await(Api api, long id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/kg/imports/" + id).json();
            if (job.get("status").asText().equals("完成") || job.get("status").asText().equals("失败")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("导入 " + id + " 60 秒内未结束");
    }

    private int sparqlCount(Api api) {
        Api.Response r = api.post("/api/kg/sparql", Map.of("query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"));
        assertEquals(200, r.status(), r.toString());
        return Integer.parseInt(r.json().get("rows").get(0).get("n").asText());
    }

    @Test
    void realBodsFileCompletesWithTheSynchronousCounts() throws Exception {
        String doc = new String(sample(), StandardCharsets.UTF_8);
        Api.Response sync = apis.get("t2").postRaw("/api/kg/import?format=bods", doc, "application/json");
        assertEquals(200, sync.status(), sync.toString());
        int accepted = sync.json().get("report").get("accepted").asInt();
        int rejected = sync.json().get("report").get("rejected").size();
        assertTrue(accepted > 0, sync.toString());
        JsonNode viaApi = apis.get("t2").get("/api/kg/imports").json().get("imports").get(0);
        assertEquals("完成", viaApi.get("status").asText(), "an import through the synchronous API is in the history too: " + viaApi);
        assertEquals(accepted, viaApi.get("factsWritten").asInt(), viaApi.toString());
        assertEquals(rejected, viaApi.get("rejectedCount").asInt(), viaApi.toString());

        JsonNode job = await(apis.get("t1"), submit(apis.get("t1"), "bods", doc).get("id").asLong());
        assertEquals("完成", job.get("status").asText(), job.toString());
        assertEquals(1.0, job.get("progress").asDouble());
        assertEquals(accepted, job.get("factsWritten").asInt(), job.toString());
        assertEquals(rejected, job.get("rejectedCount").asInt(), job.toString());
        assertEquals(Math.min(rejected, 100), job.get("rejected").size());
        assertTrue(job.get("rowsTotal").asInt() > 0 && job.get("rowsParsed").asInt() == job.get("rowsTotal").asInt(),
                job.toString());
        assertTrue(job.get("phaseMillis").has("解析") && job.get("phaseMillis").has("写入"), job.toString());
        assertNotNull(job.get("finishedAt").asText(null));
        assertEquals(sparqlCount(apis.get("t2")), sparqlCount(apis.get("t1")), "两个租户导入同一文件后图谱应相同");

        JsonNode list = apis.get("t1").get("/api/kg/imports").json();
        assertEquals(job.get("id").asLong(), list.get("imports").get(0).get("id").asLong());
        assertEquals(1_048_576, list.get("maxBytes").asLong(), "imports take the upload limit, not the JSON body limit");
    }

    @Test
    void brokenFilesFailAndLeaveTheGraphAsItWas() throws Exception {
        Api t1 = apis.get("t1");
        int before = sparqlCount(t1);
        JsonNode bad = await(t1, submit(t1, "tables", "{\"entities\": [{\"kind\": \"company\", \"code\": \"X1\"").get("id")
                .asLong());
        assertEquals("失败", bad.get("status").asText(), bad.toString());
        assertTrue(bad.get("error").asText().contains("不是有效的 JSON"), bad.toString());
        JsonNode shape = await(t1, submit(t1, "bods", "{\"entities\": []}").get("id").asLong());
        assertEquals("失败", shape.get("status").asText());
        assertTrue(shape.get("error").asText().contains("陈述"), shape.toString());
        assertEquals(before, sparqlCount(t1));
        assertEquals(404, t1.get("/api/kg/companies/X1/profile").status());

        Api.Response empty = t1.postRaw("/api/kg/imports?format=tables", "", "application/json");
        assertEquals(400, empty.status(), empty.toString());
        Api.Response format = t1.postRaw("/api/kg/imports?format=csv", "{}", "application/json");
        assertEquals("format", format.json().get("errors").get(0).get("field").asText());
        // Expect: 100-continue, as curl sends for large files: the server refuses on Content-Length before the body is
        // sent (a client that just streams 1 MB may see the connection closed under it instead of the 413)
        var big = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/kg/imports?format=tables"))
                .header("Authorization", "Bearer " + adminKeys.get("t1")).header("Content-Type", "application/json")
                .expectContinue(true)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"entities\":[" + " ".repeat(1_100_000) + "]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(big.body().contains("BODY_TOO_LARGE"), big.body());
    }

    @Test
    void otherTenantsAndNonAdminsCannotSeeJobs() throws Exception {
        long id = await(apis.get("t1"), submit(apis.get("t1"), "bods", new String(sample(), StandardCharsets.UTF_8))
                .get("id").asLong()).get("id").asLong();
        Api.Response other = apis.get("t2").get("/api/kg/imports/" + id);
        assertEquals(404, other.status(), other.toString());
        assertEquals("NOT_FOUND", other.json().get("code").asText());
        assertEquals(0, apis.get("t2").get("/api/kg/imports").json().get("imports").size());
        assertEquals(403, apis.get("t1-op").get("/api/kg/imports/" + id).status());
        assertEquals(403, apis.get("t1-op").get("/api/kg/imports").status());
        assertEquals(403, apis.get("t1-op").postRaw("/api/kg/imports?format=bods", "[]", "application/json").status());
        assertEquals(404, apis.get("t1").get("/api/kg/imports/abc").status());
    }

    /** Generated companies, each held 60% by one person: large enough that the first job is still running. */
    static String generated(int companies) {
        StringBuilder e = new StringBuilder("{\"entities\": [{\"kind\": \"person\", \"code\": \"GP\", \"name\": \"甲某\"}");
        StringBuilder s = new StringBuilder("], \"shareholdings\": [");
        for (int i = 0; i < companies; i++) {
            e.append(",{\"kind\":\"company\",\"code\":\"G").append(i).append("\",\"name\":\"生成公司").append(i)
                    .append("\"}");
            s.append(i == 0 ? "" : ",").append("{\"holder\":\"GP\",\"company\":\"G").append(i)
                    .append("\",\"equity_pct\":60}");
        }
        return e.append(s).append("]}").toString();
    }

    @Test
    void aSecondImportWaitsForTheFirst() throws Exception {
        Api t1 = apis.get("t1");
        long first = submit(t1, "tables", generated(4_000)).get("id").asLong();
        long second = submit(t1, "tables", "{\"entities\": [{\"kind\": \"company\", \"code\": \"Q1\", \"name\": \"后到\"}]}")
                .get("id").asLong();
        JsonNode firstNow = t1.get("/api/kg/imports/" + first).json();
        JsonNode secondNow = t1.get("/api/kg/imports/" + second).json();
        if (!firstNow.get("status").asText().equals("完成")) {
            assertEquals("排队", secondNow.get("status").asText(), secondNow.toString());
        }
        JsonNode a = await(t1, first);
        JsonNode b = await(t1, second);
        assertEquals("完成", a.get("status").asText(), a.toString());
        assertEquals(8_001, a.get("factsWritten").asInt());
        assertEquals("完成", b.get("status").asText(), b.toString());
        assertFalse(Instant.parse(b.get("startedAt").asText()).isBefore(Instant.parse(a.get("finishedAt").asText())),
                "第二个导入应在第一个结束后才开始：" + a + " / " + b);
        long ms = a.get("phaseMillis").get("解析").asLong() + a.get("phaseMillis").get("写入").asLong();
        System.out.printf("KG import of 8,001 generated rows: 解析 %d ms, 写入 %d ms, %.0f rows/s%n",
                a.get("phaseMillis").get("解析").asLong(), a.get("phaseMillis").get("写入").asLong(),
                8_001 * 1000.0 / Math.max(1, ms));
    }

    @Test
    void aRestartMarksAnUnfinishedJobFailedAndKeepsTheOthers() throws Exception {
        Api t1 = apis.get("t1");
        long done = await(t1, submit(t1, "bods", new String(sample(), StandardCharsets.UTF_8)).get("id").asLong())
                .get("id").asLong();
        Tenant tenant = server.platform().tenants().get("t1");
        long stuck = server.platform().stores().jdbi(tenant).withHandle(h -> h.createUpdate(
                        "INSERT INTO kg_import_jobs (doc_format, file_name, size_bytes, phase, progress, rejected_count, "
                                + "created_by, boot_id, queued_at, started_at) "
                                + "VALUES ('tables', 'x.json', 10, '写入', 0.35, 0, 'key:1', 'earlier-process', :t, :t)")
                .bind("t", OffsetDateTime.now(ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("job_id").mapTo(Long.class).one());
        server.close();
        server = ZhiyuServer.start(config());
        Api again = Api.withKey(server.port(), server.platform().keys()
                .create(server.platform().tenants().get("t1").id(), "admin2", "admin", "test").secret());
        JsonNode failed = again.get("/api/kg/imports/" + stuck).json();
        assertEquals("失败", failed.get("status").asText(), failed.toString());
        assertEquals("服务重启，请重新导入", failed.get("error").asText());
        JsonNode kept = again.get("/api/kg/imports/" + done).json();
        assertEquals("完成", kept.get("status").asText(), kept.toString());
    }
}
