package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.CallListFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call-list uploads are all or nothing, over HTTP on the production server: every way a file is refused — bad
 * encoding, too many rows, an XLSX zip bomb, no phone column, an empty file, a wrong type, a broken CSV, an unknown or
 * another tenant's list — leaves the lists, leads and import history exactly as they were, synchronously and as a
 * background job; 20,000-row CSV and XLSX files import in the background with their counts and first rejected rows;
 * another tenant cannot see a job; and an import cut off by a killed server process (SIGKILL) comes back failed with
 * nothing stored, after which the same file imports. On H2 and PostgreSQL.
 */
abstract class CallListImportsContract {
    static final int MAX_ROWS = 20_000; // the large imports below are exactly this long
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    @TempDir
    Path files;
    private TestStores stores;
    private ZhiyuServer server;
    private final Map<String, String> keys = new HashMap<>();

    abstract TestStores testStores();

    private Map<String, String> extra() {
        return extra(MAX_ROWS);
    }

    private Map<String, String> extra(long maxRows) {
        return Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent", "zhiyu.data.dir", dataDir.toString(),
                "zhiyu.telephony.list.max.rows", String.valueOf(maxRows));
    }

    @BeforeEach
    void start() {
        stores = testStores();
        server = ZhiyuServer.start(stores.config(extra()));
        Platform p = server.platform();
        for (String slug : List.of("t1", "t2")) {
            Tenant t = p.tenants().create(slug, slug, "test");
            keys.put(slug, p.keys().create(t.id(), "ops", "operator", "test").secret());
            keys.put(slug + "-researcher", p.keys().create(t.id(), "r", "researcher", "test").secret());
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        stores.close();
    }

    private Api api(String who) {
        return Api.withKey(server.port(), keys.get(who));
    }

    /** Lists, leads and import-history rows in the tenant's own database. */
    private List<Long> stored(String slug) {
        Tenant t = server.platform().tenants().get(slug);
        return server.platform().stores().jdbi(t).withHandle(h -> List.of(
                h.createQuery("SELECT COUNT(*) FROM telephony_lists").mapTo(Long.class).one(),
                h.createQuery("SELECT COUNT(*) FROM telephony_leads").mapTo(Long.class).one(),
                h.createQuery("SELECT COUNT(*) FROM telephony_imports").mapTo(Long.class).one()));
    }

    private HttpResponse<String> upload(String who, String query, byte[] body, String type) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/calls/lists" + query))
                .header("Authorization", "Bearer " + keys.get(who)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> multipart(String who, String query, String fileName, byte[] body) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return upload(who, query, out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A file refused whole, how it is sent, and what the refusal must say. */
    private record Refusal(String what, String query, String fileName, byte[] body, String type, int status,
                           String says) {
    }

    private List<Refusal> refusals(String listOfOtherTenant) throws IOException {
        StringBuilder tooMany = new StringBuilder("手机号,姓名\n");
        for (int i = 0; i <= MAX_ROWS; i++) {
            tooMany.append(13_100_000_000L + i).append(",客户").append(i).append('\n');
        }
        StringBuilder broken = new StringBuilder("手机号,备注\n");
        for (int i = 0; i < 6_000; i++) { // past the first JDBC batch: written, then rolled back
            broken.append(13_200_000_000L + i).append(",正常\n");
        }
        broken.append("13300000000,\"未闭合的引号\n13300000001,x\n");
        return List.of(
                new Refusal("GBK 编码", "", "gbk.csv", "手机号,姓名\n13800138000,王先生\n".getBytes(Charset.forName("GBK")),
                        "text/csv", 400, "UTF-8"),
                new Refusal("超过行数上限", "", "many.csv", utf8(tooMany.toString()), "text/csv", 400, "行上限"),
                new Refusal("XLSX 压缩炸弹", "", "bomb.xlsx", zipBomb(), CallRoutes.XLSX, 400, "压缩炸弹"),
                new Refusal("没有号码列", "", "nophone.csv", utf8("姓名,备注\n王先生,x\n"), "text/csv", 400, "号码列"),
                new Refusal("空文件", "", "empty.csv", new byte[0], "text/csv", 400, "文件是空的"),
                new Refusal("只有空行", "", "blank.csv", utf8("\n\n"), "text/csv", 400, "文件是空的"),
                new Refusal("CSV 引号未闭合", "", "broken.csv", utf8(broken.toString()), "text/csv", 400, "引号"),
                new Refusal("不是 XLSX", "", "junk.xlsx", utf8("PK\u0003\u0004 not really a zip"), CallRoutes.XLSX, 400,
                        "XLSX"),
                new Refusal("错误的文件类型（表单）", "", "名单.pdf", utf8("%PDF-1.4"), null, 400, ".xlsx"),
                new Refusal("扩展名与类型不符", "?filename=x.xlsx", "x.xlsx", utf8("手机号\n13800138000\n"), "text/csv", 400,
                        "扩展名"),
                new Refusal("不支持的内容类型", "", "x.json", utf8("{}"), "application/json", 415, "multipart"),
                new Refusal("没有这个名单", "?list=nope", "a.csv", utf8("手机号\n13800138000\n"), "text/csv", 404, "没有名单"),
                new Refusal("名单编号不合法", "?list=..%2Fx", "a.csv", utf8("手机号\n13800138000\n"), "text/csv", 404,
                        "没有名单"),
                new Refusal("其他租户的名单", "?list=" + listOfOtherTenant, "a.csv", utf8("手机号\n13800138000\n"), "text/csv",
                        404, "没有名单"));
    }

    private byte[] zipBomb() throws IOException {
        Path bomb = files.resolve("bomb.xlsx");
        CallListFiles.zipBomb(bomb, 50);
        return Files.readAllBytes(bomb);
    }

    private HttpResponse<String> send(String who, Refusal r, String extraQuery) throws Exception {
        String q = r.query().isEmpty() ? (extraQuery.isEmpty() ? "" : "?" + extraQuery.substring(1))
                : r.query() + extraQuery;
        if (r.type() == null) {
            return multipart(who, q, r.fileName(), r.body());
        }
        String sep = q.isEmpty() ? "?" : "&";
        String name = r.query().contains("filename=") ? "" : sep + "filename=" + r.fileName();
        return upload(who, q + (r.type().equals("application/json") ? "" : name), r.body(), r.type());
    }

    private String existingList(String who, String csv) throws Exception {
        HttpResponse<String> r = upload(who, "?name=已有名单", utf8(csv), "text/csv");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("listId").asText();
    }

    @Test
    void everyRefusedUploadStoresNothing() throws Exception {
        String own = existingList("t1", "手机号,姓名\n13800138000,王先生\n13800138001,李女士\n");
        String other = existingList("t2", "手机号,姓名\n13900139000,赵先生\n");
        List<Long> t1 = stored("t1");
        List<Long> t2 = stored("t2");
        assertEquals(List.of(1L, 2L, 1L), t1);
        for (Refusal r : refusals(other)) {
            for (String into : new String[]{"", "&list=" + own}) {
                if (!into.isEmpty() && r.query().contains("list=")) {
                    continue;
                }
                HttpResponse<String> res = send("t1", r, into);
                String label = r.what() + (into.isEmpty() ? "（新名单）" : "（追加到已有名单）");
                assertEquals(r.status(), res.statusCode(), label + " → " + res.body());
                assertTrue(res.body().contains(r.says()), label + " 的说明应提到「" + r.says() + "」：" + res.body());
                assertEquals(t1, stored("t1"), label + " 之后租户 t1 的名单、号码、导入记录应不变");
                assertEquals(t2, stored("t2"), label + " 之后租户 t2 应不变");
            }
        }
        JsonNode lists = api("t1").get("/api/calls/lists").json();
        assertEquals(1, lists.size(), lists.toString());
        assertEquals(2, lists.get(0).get("leads").asInt());
    }

    @Test
    void everyRefusedBackgroundImportStoresNothing() throws Exception {
        String own = existingList("t1", "手机号,姓名\n13800138000,王先生\n");
        String other = existingList("t2", "手机号,姓名\n13900139000,赵先生\n");
        List<Long> t1 = stored("t1");
        for (Refusal r : refusals(other)) {
            for (String into : new String[]{"&async=true", "&async=true&list=" + own}) {
                if (!into.equals("&async=true") && r.query().contains("list=")) {
                    continue;
                }
                String label = r.what() + (into.contains("list=") ? "（后台，追加）" : "（后台，新名单）");
                HttpResponse<String> res = send("t1", r, into);
                if (r.status() == 400 && res.statusCode() == 202) { // a content problem: found by the job
                    JsonNode job = await("t1", json(res).get("id").asLong());
                    assertEquals("失败", job.get("status").asText(), label + " → " + job);
                    assertTrue(job.get("error").asText().contains(r.says()) && job.get("error").asText().contains("未导入任何数据"),
                            label + " → " + job);
                    assertEquals(0, job.get("imported").asLong(), job.toString());
                    assertEquals(0, job.get("errors").size(), job.toString());
                } else {
                    assertEquals(r.status(), res.statusCode(), label + " → " + res.body());
                    assertTrue(res.body().contains(r.says()), label + " → " + res.body());
                }
                assertEquals(t1, stored("t1"), label + " 之后租户 t1 的名单、号码、导入记录应不变");
            }
        }
        assertTrue(json(upload("t1", "?async=true&filename=e.csv", new byte[0], "text/csv")).get("detail").asText()
                .contains("文件是空的"), "an empty upload is refused before any job is recorded");
        int jobs = api("t1").get("/api/calls/lists/imports?limit=100").json().get("imports").size();
        assertTrue(jobs > 5, "refusals found in the file are recorded as failed jobs: " + jobs);
    }

    private JsonNode await(String who, long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode job = api(who).get("/api/calls/lists/imports/" + id).json();
            if (job.get("status").asText().equals("完成") || job.get("status").asText().equals("失败")) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("名单导入 " + id + " 120 秒内未结束");
    }

    @Test
    void largeCsvAndXlsxFilesImportInTheBackground() throws Exception {
        long leads = 0;
        for (String kind : List.of("csv", "xlsx")) {
            Path file = files.resolve("big." + kind);
            CallListFiles.Expected want = kind.equals("csv") ? CallListFiles.csv(file, 20_000, 1_000, 97)
                    : CallListFiles.xlsx(file, 20_000, 1_000, 97);
            String type = kind.equals("csv") ? "text/csv" : CallRoutes.XLSX;
            HttpResponse<String> res = upload("t1", "?async=true&name=大名单&filename=big." + kind, Files.readAllBytes(file), type);
            assertEquals(202, res.statusCode(), res.body());
            long id = json(res).get("id").asLong();
            String listId = json(res).get("listId").asText();
            assertEquals("/api/calls/lists/imports/" + id, res.headers().firstValue("Location").orElse(null));
            long started = System.nanoTime();
            JsonNode job;
            while (true) { // the new list is invisible until the import commits
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120), "名单导入 " + id + " 120 秒内未结束："
                        + api("t1").get("/api/calls/lists/imports/" + id).body());
                String before = api("t1").get("/api/calls/lists/imports/" + id).json().get("status").asText();
                String lists = api("t1").get("/api/calls/lists").body();
                job = api("t1").get("/api/calls/lists/imports/" + id).json();
                String after = job.get("status").asText();
                if (after.equals("排队") || after.equals("导入")) {
                    assertFalse(lists.contains(listId), "导入中（" + before + "/" + after + "）的名单不应出现在名单列表中");
                }
                if (after.equals("完成") || after.equals("失败")) {
                    break;
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("完成", job.get("status").asText(), job.toString());
            assertEquals(want.rows(), job.get("rowsRead").asLong(), job.toString());
            assertEquals(want.imported(), job.get("imported").asLong(), job.toString());
            assertEquals(want.duplicates(), job.get("duplicates").asLong(), job.toString());
            assertEquals(want.rejected(), job.get("rejected").asLong(), job.toString());
            assertEquals(1.0, job.get("progress").asDouble());
            assertEquals(Math.min(100, want.rejected()), job.get("errors").size());
            assertEquals(1_001, job.get("errors").get(0).get("row").asLong(), "row numbers as the user sees them (header = 1)");
            assertTrue(job.get("errors").get(0).get("message").asText().contains("号码"), job.toString());
            assertTrue(job.get("phaseMillis").has("导入"), job.toString());
            while (!job.get("phaseMillis").has("提交")) { // the commit's own time, once it has returned
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120), job.toString());
                Thread.sleep(20);
                job = api("t1").get("/api/calls/lists/imports/" + id).json();
            }
            assertNotNull(job.get("finishedAt").asText(null));
            JsonNode list = null;
            for (JsonNode l : api("t1").get("/api/calls/lists").json()) {
                if (l.get("listId").asText().equals(listId)) {
                    list = l;
                }
            }
            assertNotNull(list, "完成后名单可见");
            assertEquals(want.imported(), list.get("leads").asLong());
            assertEquals("大名单", list.get("name").asText());
            System.out.printf("background import of %,d %s rows: %.1f s, %.0f rows/s%n", want.rows(), kind, seconds,
                    want.rows() / seconds);

            // the same file again into that list: nothing new, every number a duplicate
            HttpResponse<String> again = upload("t1", "?async=true&list=" + listId + "&filename=big." + kind,
                    Files.readAllBytes(file), type);
            assertEquals(202, again.statusCode(), again.body());
            JsonNode second = await("t1", json(again).get("id").asLong());
            assertEquals("完成", second.get("status").asText(), second.toString());
            assertEquals(0, second.get("imported").asLong());
            assertEquals(want.imported() + want.duplicates(), second.get("duplicates").asLong());
            assertTrue(second.get("append").asBoolean());
            leads += want.imported();
        }
        assertEquals(List.of(2L, leads, 4L), stored("t1"), "two lists, their leads, four imports in the history");
    }

    @Test
    void otherTenantsAndOtherRolesCannotSeeJobs() throws Exception {
        HttpResponse<String> res = upload("t1", "?async=true&filename=a.csv", utf8("手机号\n13800138000\n"), "text/csv");
        long id = await("t1", json(res).get("id").asLong()).get("id").asLong();
        Api.Response other = api("t2").get("/api/calls/lists/imports/" + id);
        assertEquals(404, other.status(), other.toString());
        assertEquals(0, api("t2").get("/api/calls/lists/imports").json().get("imports").size());
        assertEquals(1, api("t1").get("/api/calls/lists/imports").json().get("imports").size());
        assertEquals(403, api("t1-researcher").get("/api/calls/lists/imports/" + id).status());
        assertEquals(403, api("t1-researcher").get("/api/calls/lists/imports").status());
        assertEquals(404, api("t1").get("/api/calls/lists/imports/abc").status());
    }

    /** The server in its own JVM, killed with SIGKILL in the middle of a background import, then started again. */
    @Test
    void anImportCutOffByAKilledServerFailsWithNothingStoredAndTheSameFileImportsAfterwards() throws Exception {
        Path file = files.resolve("crash.csv");
        CallListFiles.Expected want = CallListFiles.csv(file, 100_000); // a few seconds: killed well before its end
        List<Long> before = stored("t1");
        server.close();
        server = null;

        Path config = files.resolve("child.properties");
        Properties props = new Properties();
        props.putAll(childConfig(want.rows()));
        try (var w = Files.newBufferedWriter(config)) {
            props.store(w, "list import crash test");
        }
        // the class path goes in an argument file: with a ~20 kB command line the JVM dies in native code while the
        // BGE encoder loads (SIGSEGV, seen on this machine kind); surefire's own JVM has a short one too
        Path argFile = files.resolve("child.args");
        Files.writeString(argFile, "-cp\n\"" + System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")) + "\"\n");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "@" + argFile, ListImportCrashChild.class.getName(), config.toString(), "t1", file.toString())
                .redirectErrorStream(true).start();
        String jobLine = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("IMPORTING ") || line.startsWith("FINISHED ")) {
                    jobLine = line;
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, the import's transaction never commits
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertNotNull(jobLine, "子进程没有开始导入：" + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
        assertTrue(jobLine.startsWith("IMPORTING "), "导入在被杀死前已结束，文件太小：" + jobLine);
        String[] parts = jobLine.split(" ");
        long id = Long.parseLong(parts[1]);
        String listId = parts[2];

        server = ZhiyuServer.start(stores.config(extra(want.rows())));
        JsonNode failed = api("t1").get("/api/calls/lists/imports/" + id).json();
        assertEquals("失败", failed.get("status").asText(), failed.toString());
        assertEquals("服务重启，请重新上传", failed.get("error").asText());
        assertEquals(0, failed.get("imported").asLong());
        assertEquals(before, stored("t1"), "被中断的导入没有留下名单、号码或导入记录");
        assertFalse(api("t1").get("/api/calls/lists").body().contains(listId));

        HttpResponse<String> again = upload("t1", "?async=true&filename=crash.csv", Files.readAllBytes(file), "text/csv");
        assertEquals(202, again.statusCode(), again.body());
        JsonNode done = await("t1", json(again).get("id").asLong());
        assertEquals("完成", done.get("status").asText(), done.toString());
        assertEquals(want.imported(), done.get("imported").asLong());
        assertEquals(List.of(before.get(0) + 1, before.get(1) + want.imported(), before.get(2) + 1), stored("t1"));
    }

    /** The same stores as {@link TestStores#config}, as properties for a server in another JVM. */
    private Map<String, String> childConfig(long maxRows) {
        Map<String, String> m = new HashMap<>(extra(maxRows));
        m.put("zhiyu.port", "0");
        m.put("zhiyu.host", "127.0.0.1");
        m.put("zhiyu.demo", "false");
        if (stores instanceof TestStores.Postgres pg) {
            m.put("zhiyu.platform.db.url", pg.serverUrl() + pg.platformDb());
            m.put("zhiyu.platform.db.user", "postgres");
        } // H2: the platform and tenant databases live in zhiyu.data.dir
        return m;
    }
}
