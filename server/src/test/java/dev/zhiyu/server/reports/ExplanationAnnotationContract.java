package dev.zhiyu.server.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.explain.MatcherCalibration;
import dev.zhiyu.reports.explain.ReasonsMatcherKind;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accept/reject judgments of matched explanations over the production server, and the reasons-matcher versions
 * calibrated on them: append-only history, conflicts, too few judgments, calibration raising the threshold when
 * matcher choices are rejected, the next report getting fewer (wrong) explanations, promotion, rollback, a corrupt
 * artifact refused, and another tenant that can see or touch none of it. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ExplanationAnnotationContract {
    static final Path PDFS = Path.of("../../shared/data/reports/pdfs");
    private TestStores stores;
    private TestStores artifacts;
    private ZhiyuServer server;
    private Tenant alpha;
    private Api li;
    private Api wang;
    private Api operator;
    private Api admin;
    private Api other;
    private final Map<String, Long> reports = new HashMap<>();
    private String v1;

    abstract TestStores stores();

    static Path pdf(String prefix) throws Exception {
        if (!Files.isDirectory(PDFS)) throw new AssertionError("缺少共享测试数据 " + PDFS.toAbsolutePath());
        try (var s = Files.list(PDFS)) {
            return s.filter(p -> p.getFileName().toString().contains(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("缺少共享测试数据 " + prefix));
        }
    }

    @BeforeAll
    void start() throws Exception {
        stores = stores();
        Map<String, String> config = new HashMap<>(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent",
                "zhiyu.reports.dev.pdfs", PDFS.toString()));
        if (stores instanceof TestStores.Postgres) {
            artifacts = TestStores.h2(); // model files go under a fresh data directory, not the shared temp folder
            config.put("zhiyu.data.dir", ((TestStores.H2) artifacts).dir().toString());
        }
        server = ZhiyuServer.start(stores.config(config));
        Platform p = server.platform();
        alpha = p.tenants().create("alpha", "甲证券", "test");
        Tenant beta = p.tenants().create("beta", "乙证券", "test");
        li = Api.withKey(server.port(), p.keys().create(alpha.id(), "li", "researcher", "test").secret());
        wang = Api.withKey(server.port(), p.keys().create(alpha.id(), "wang", "researcher", "test").secret());
        admin = Api.withKey(server.port(), p.keys().create(alpha.id(), "boss", "admin", "test").secret());
        operator = Api.withKey(server.port(), p.keys().create(alpha.id(), "bot", "operator", "test").secret());
        other = Api.withKey(server.port(), p.keys().create(beta.id(), "b", "admin", "test").secret());
        for (String name : List.of("张家界", "四方科技", "引力传媒", "民生银行")) {
            reports.put(name, server.services().reports().directIntake(alpha).ingestNow(Files.readAllBytes(pdf(name)), name + ".pdf").id());
        }
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (stores != null) stores.close();
        if (artifacts != null) artifacts.close();
    }

    private List<MatchedAnomaly> matched(long id) {
        return new JdbiReportStore(server.platform().stores().jdbi(alpha)).matched(id);
    }

    private static String judge(long id, int n) {
        return "/api/reports/" + id + "/anomalies/" + n + "/explanation";
    }

    @Test
    @Order(1)
    void badInputOtherTenantsAndRolesAreRefused() {
        long z = reports.get("张家界");
        Api.Response bad = li.post(judge(z, 0), Map.of("verdict", "maybe"));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("accept") && bad.body().contains("reject") && bad.body().contains("只能是"), bad.body());
        assertEquals(404, li.post(judge(z, 99), Map.of("verdict", "accept")).status(), "没有这个异常");
        assertEquals(404, li.get(judge(z, 99) + "/annotations").status());
        assertEquals(404, li.post(judge(987654, 0), Map.of("verdict", "accept")).status());
        Api.Response notCandidate = li.post(judge(z, 0), Map.of("verdict", "reject", "sentence", "这不是报告里的句子。"));
        assertEquals(400, notCandidate.status(), notCandidate.toString());
        assertTrue(notCandidate.body().contains("候选解释"), notCandidate.body());
        for (long id : reports.values()) {
            assertEquals(404, other.post(judge(id, 0), Map.of("verdict", "accept")).status(), "其他租户不能判断本租户的报告");
            assertEquals(404, other.get(judge(id, 0) + "/annotations").status(), "其他租户看不到本租户的判断");
        }
        assertEquals(403, operator.post(judge(z, 0), Map.of("verdict", "accept")).status(), "坐席不是研究角色");
        assertTrue(li.get(judge(z, 0) + "/annotations").json().isEmpty(), "拒绝的请求什么也没记下");
    }

    /** The first anomaly of the report whose explanation is shown. */
    private int shown(long id) {
        List<MatchedAnomaly> ms = matched(id);
        for (int n = 0; n < ms.size(); n++) if (ms.get(n).explanation() != null) return n;
        throw new AssertionError("报告 " + id + " 没有展示解释的异常");
    }

    @Test
    @Order(2)
    void judgmentsAreAppendOnlyAndDisagreementIsAConflict() {
        long s = reports.get("四方科技");
        int n = shown(s);
        long z = reports.get("张家界");
        Api.Response nothingToAccept = li.post(judge(z, 0), Map.of("verdict", "accept"));
        assertEquals(400, nothingToAccept.status(), "没有展示解释的异常无可接受：" + nothingToAccept);
        assertTrue(nothingToAccept.body().contains("sentence"), nothingToAccept.body());
        Api.Response r1 = li.post(judge(s, n), Map.of("verdict", "reject"));
        assertEquals(201, r1.status(), r1.toString());
        assertEquals("REJECT", r1.json().get("judgment").get("verdict").asText());
        Api.Response r2 = li.post(judge(s, n), Map.of("verdict", "accept"));
        assertEquals(201, r2.status(), r2.toString());
        JsonNode history = li.get(judge(s, n) + "/annotations").json();
        assertEquals(2, history.size(), "新判断不覆盖旧判断：" + history);
        assertEquals("REJECT", history.get(0).get("verdict").asText());
        assertEquals("ACCEPT", history.get(1).get("verdict").asText());
        assertTrue(history.get(0).get("annotator").asText().contains("li") && history.get(0).hasNonNull("judgedAt"));
        assertTrue(li.get("/api/explanation-annotations/conflicts").json().isEmpty(), "同一人的改判不是冲突");

        assertEquals(201, wang.post(judge(s, n), Map.of("verdict", "reject")).status());
        JsonNode conflicts = li.get("/api/explanation-annotations/conflicts").json();
        assertEquals(1, conflicts.size(), conflicts.toString());
        assertEquals(s, conflicts.get(0).get("reportId").asLong());
        assertEquals(2, conflicts.get(0).get("judgments").size(), "两位标注者各自最新的判断");
        assertTrue(other.get("/api/explanation-annotations/conflicts").json().isEmpty(), "其他租户看不到冲突");
    }

    @Test
    @Order(3)
    void tooFewJudgmentsSayHowManyAreNeeded() {
        Api.Response r = li.post("/api/reasons-matcher/train", Map.of());
        assertEquals(409, r.status(), r.toString());
        assertTrue(r.body().contains("至少需要 " + MatcherCalibration.MIN_JUDGMENTS) && r.body().contains("目前只有 0 条")
                && r.body().contains("冲突"), r.body());
    }

    /**
     * This tenant's staff accept the reasons the layout ties to an indicator (score 1: a reason cell or an
     * "XX变动原因说明" note), reject the sentences the matcher ranked (张家界's cash-flow sentence at about 0.95: a
     * tenant may want only table-tied reasons) and confirm "no explanation" where none was shown. Only the ranked
     * sentences are what the threshold decides, so calibration raises it above the rejected one.
     */
    @Test
    @Order(4)
    void rejectingMatcherChoicesRaisesTheThresholdAndNewReportsGetFewerExplanations() throws Exception {
        int judged = 0;
        int rejectedRanked = 0;
        long conflicted = reports.get("四方科技");
        int conflictedN = shown(conflicted);
        for (var e : reports.entrySet()) {
            List<MatchedAnomaly> ms = matched(e.getValue());
            for (int n = 0; n < ms.size(); n++) {
                if (e.getValue() == conflicted && n == conflictedN) continue;
                MatchedAnomaly m = ms.get(n);
                boolean ranked = m.explanation() != null && m.score() < 1.0;
                String verdict = m.explanation() != null && !ranked ? "accept" : "reject";
                assertEquals(201, li.post(judge(e.getValue(), n), Map.of("verdict", verdict)).status());
                if (ranked) rejectedRanked++;
                judged++;
            }
        }
        assertTrue(judged >= MatcherCalibration.MIN_JUDGMENTS, "judged " + judged);
        assertTrue(rejectedRanked >= 1, "匹配器排序选出的解释至少有一条被拒绝");
        long z = reports.get("张家界");
        long explainedBefore = matched(z).stream().filter(m -> m.explanation() != null).count();
        assertTrue(explainedBefore >= 1, "默认阈值 0.5 下匹配器给张家界的异常配上了解释：" + explainedBefore);

        Api.Response t = li.post("/api/reasons-matcher/train", Map.of());
        assertEquals(201, t.status(), t.toString());
        JsonNode v = t.json();
        v1 = v.get("id").asText();
        JsonNode m = v.get("metrics");
        System.out.println("reasons-matcher v1 metrics: " + m);
        assertTrue(m.get("threshold").asDouble() > 0.9, "拒绝约 0.95 分的匹配后阈值上调：" + m);
        assertTrue(m.has("heldOut.f1") && m.has("baseline.heldOut.f1") && m.has("dev.f1") && m.has("baseline.dev.f1"), m.toString());
        assertEquals("CANDIDATE", v.get("status").asText());
        assertTrue(v.get("parent").isNull());
        int used = m.get("judgments.training").asInt() + m.get("judgments.heldOut").asInt();
        assertEquals(judged, used, "冲突的异常不进入校准");
        long items = server.platform().stores().jdbi(alpha).withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM explanation_snapshot_items WHERE snapshot_id = :s")
                .bind("s", v.get("datasetSnapshotId").asText()).mapTo(Long.class).one());
        assertEquals(used, items, "版本记下所用判断的编号");

        assertEquals(0, other.get("/api/reasons-matcher").json().get("versions").size(), "其他租户看不到版本");
        Api.Response otherPromote = other.post("/api/reasons-matcher/" + v1 + "/promote", Map.of());
        assertEquals(404, otherPromote.status(), otherPromote.toString());
        Api.Response otherTrain = other.post("/api/reasons-matcher/train", Map.of());
        assertEquals(409, otherTrain.status(), "其他租户用不到本租户的判断：" + otherTrain);

        Api.Response refused = li.post("/api/reasons-matcher/" + v1 + "/promote", Map.of());
        assertEquals(409, refused.status(), "开发集上 F1 明显下降：上线规则拒绝 " + refused);
        assertTrue(refused.body().contains("开发集"), refused.body());
        assertEquals(403, li.post("/api/reasons-matcher/" + v1 + "/promote", Map.of("force", true)).status(), "只有管理员能强制");
        Api.Response p = admin.post("/api/reasons-matcher/" + v1 + "/promote", Map.of("force", true));
        assertEquals(200, p.status(), p.toString());
        JsonNode live = li.get("/api/reasons-matcher").json();
        assertEquals(v1, live.get("liveVersion").asText());
        assertEquals(m.get("threshold").asDouble(), live.get("live").get("threshold").asDouble(), 1e-9);

        byte[] again = Files.readAllBytes(pdf("张家界"));
        byte[] changed = java.util.Arrays.copyOf(again, again.length + 12);
        System.arraycopy("\n%again-1\n".getBytes(StandardCharsets.US_ASCII), 0, changed, again.length, 10);
        long z2 = server.services().reports().directIntake(alpha).ingestNow(changed, "张家界-再次.pdf").id();
        assertNotEquals(z, z2);
        long explainedAfter = matched(z2).stream().filter(x -> x.explanation() != null).count();
        assertTrue(explainedAfter < explainedBefore, "上线后新报告不再配上被否定的那类解释：" + explainedBefore + " → " + explainedAfter);
        assertEquals(matched(z).size(), matched(z2).size(), "异常本身不变");
    }

    @Test
    @Order(5)
    void rollbackAndACorruptArtifactIsRefused() throws Exception {
        assertEquals(409, li.post("/api/reasons-matcher/rollback", Map.of()).status(), "第一个上线的版本之前没有版本");
        String v2 = li.post("/api/reasons-matcher/train", Map.of()).json().get("id").asText();
        JsonNode versions = li.get("/api/reasons-matcher").json().get("versions");
        JsonNode newest = versions.get(0);
        assertEquals(v2, newest.get("id").asText(), versions.toString());
        assertEquals(v1, newest.get("parent").asText(), "新版本的父版本是线上版本");
        assertEquals(200, admin.post("/api/reasons-matcher/" + v2 + "/promote", Map.of("force", true)).status());
        Api.Response back = li.post("/api/reasons-matcher/rollback", Map.of());
        assertEquals(200, back.status(), back.toString());
        assertEquals(v1, back.json().get("id").asText());
        assertEquals(v1, li.get("/api/reasons-matcher").json().get("liveVersion").asText());

        String v3 = li.post("/api/reasons-matcher/train", Map.of()).json().get("id").asText();
        Path file = server.services().models().of(alpha).artifacts().dir(v3).resolve(ReasonsMatcherKind.FILE);
        Files.writeString(file, "threshold=0.01\nblend=1.0\n");
        Api.Response refused = admin.post("/api/reasons-matcher/" + v3 + "/promote", Map.of("force", true));
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.body().contains("MODEL_CORRUPT") && refused.body().contains("校验失败"), refused.body());
        assertEquals(v1, li.get("/api/reasons-matcher").json().get("liveVersion").asText(), "损坏的版本不会上线");
    }
}
