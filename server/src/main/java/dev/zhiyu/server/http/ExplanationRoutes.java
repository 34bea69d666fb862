package dev.zhiyu.server.http;

import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.explain.MatcherCalibration;
import dev.zhiyu.reports.explain.MatcherSetting;
import dev.zhiyu.reports.explain.ReasonsMatcherKind;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.reports.ExplanationJudgments;
import dev.zhiyu.server.reports.JdbiReportStore;
import dev.zhiyu.server.reports.ReportService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Research staff accept or reject the explanation matched to a report anomaly (append-only judgments, conflicts
 * between annotators), and the tenant's reasons matcher is calibrated on those judgments, promoted and rolled back.
 */
final class ExplanationRoutes {
    record Judge(String verdict, String sentence) {
    }

    /** An anomaly as judged: its index in the report's anomaly list, the matched sentence and the judgment. */
    record Judged(int anomalyIndex, String statement, String matchedSentence, double score,
                  ExplanationJudgments.Judgment judgment) {
    }

    /** One anomaly on the review page: what was matched to it, every judgment so far (oldest first), a conflict. */
    record ReviewAnomaly(int anomalyIndex, String indicator, String statement, String matchedSentence, Integer matchedPage,
                         double score, List<ExplanationJudgments.Judgment> judgments, boolean conflict) {
    }

    /** A report's anomalies as judged, with the candidate sentences a replacement must be chosen from. */
    record Review(long reportId, List<ReviewAnomaly> anomalies, List<String> candidates) {
    }

    private final Platform platform;
    private final ReportService reports;

    ExplanationRoutes(Platform platform, ReportService reports) {
        this.platform = platform;
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.post("/api/reports/{id}/anomalies/{n}/explanation", this::judge);
        r.get("/api/reports/{id}/anomalies/{n}/explanation/annotations", this::history);
        r.get("/api/reports/{id}/explanations", this::review);
        r.get("/api/explanation-annotations/conflicts", ctx -> ctx.json(judgments(ctx).conflicts()));
        r.get("/api/reasons-matcher", this::listVersions);
        r.post("/api/reasons-matcher/train", this::train);
        r.post("/api/reasons-matcher/{version}/promote", this::promote);
        r.post("/api/reasons-matcher/rollback", ctx -> ctx.json(versions(ctx)
                .rollback(ReasonsMatcherKind.PURPOSE, actor(ctx))));
    }

    private static Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private static String actor(Context ctx) {
        Principal p = Requests.principal(ctx);
        return p.consumer() + " " + p.name();
    }

    private ExplanationJudgments judgments(Context ctx) {
        return new ExplanationJudgments(platform.stores().jdbi(tenant(ctx)));
    }

    /** The tenant's lifecycle, where its reasons-matcher versions are a kind of model. */
    private ModelLifecycle versions(Context ctx) {
        return reports.lifecycle(tenant(ctx));
    }

    private static MatcherSetting liveSetting(ModelLifecycle l) {
        return l.live(ReasonsMatcherKind.INSTANCE, ReasonsMatcherKind.PURPOSE).orElse(MatcherSetting.DEFAULT);
    }

    /** The anomaly {n} (0-based, in the order of the report's anomaly list) of this tenant's report {id}. */
    private MatchedAnomaly anomaly(Context ctx, long id, int n) {
        JdbiReportStore store = new JdbiReportStore(platform.stores().jdbi(tenant(ctx)));
        store.find(id).orElseThrow(() -> ProblemException.notFound("没有编号为 " + id + " 的报告"));
        List<MatchedAnomaly> all = store.matched(id);
        if (n < 0 || n >= all.size())
            throw ProblemException.notFound("报告 " + id + " 没有第 " + n + " 个异常（共 " + all.size() + " 个，编号从 0 开始）");
        return all.get(n);
    }

    private void review(Context ctx) {
        long id = Requests.id(ctx);
        JdbiReportStore store = new JdbiReportStore(platform.stores().jdbi(tenant(ctx)));
        store.find(id).orElseThrow(() -> ProblemException.notFound("没有编号为 " + id + " 的报告"));
        ExplanationJudgments judgments = judgments(ctx);
        java.util.Set<String> conflicted = new java.util.HashSet<>();
        judgments.conflicts().stream().filter(c -> c.reportId() == id).forEach(c -> conflicted.add(c.indicator()));
        List<MatchedAnomaly> all = store.matched(id);
        List<ReviewAnomaly> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            MatchedAnomaly m = all.get(i);
            String indicator = m.anomaly().indicator().name();
            out.add(new ReviewAnomaly(i, indicator, m.anomaly().statement(), m.explanation() == null ? null : m.explanation().text(),
                    m.explanation() == null ? null : m.explanation().page(), m.score(), judgments.history(id, indicator),
                    conflicted.contains(indicator)));
        }
        ctx.json(new Review(id, out, judgments.candidates(id)));
    }

    private static int index(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("没有编号为 " + ctx.pathParam("n") + " 的异常");
        }
    }

    private void judge(Context ctx) {
        long id = Requests.id(ctx);
        int n = index(ctx);
        MatchedAnomaly a = anomaly(ctx, id, n);
        Judge in = Json.read(ctx, Judge.class);
        ExplanationJudgments.Verdict verdict = verdict(in.verdict());
        ExplanationJudgments store = judgments(ctx);
        String matched = a.explanation() == null ? null : a.explanation().text();
        String sentence = in.sentence() == null || in.sentence().isBlank() ? null : in.sentence().strip();
        if (sentence != null && !store.candidates(id).contains(sentence))
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "sentence",
                    "替换句必须是本报告的候选解释之一（原样复制），请从报告的候选解释中选择");
        if (verdict == ExplanationJudgments.Verdict.ACCEPT && matched == null && sentence == null)
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "sentence",
                    "该异常没有匹配到解释，无可接受；请用 sentence 指定解释它的候选句，或选择 reject");
        var j = store.add(id, a.anomaly().indicator().name(), n, verdict, matched, sentence, actor(ctx));
        platform.audit().record(Requests.principal(ctx), "report.explanation." + verdict.name().toLowerCase(Locale.ROOT),
                "report:" + id + "/anomaly:" + n, a.anomaly().indicator().name(), ctx.ip());
        ctx.status(201).json(new Judged(n, a.anomaly().statement(), matched, a.score(), j));
    }

    private static ExplanationJudgments.Verdict verdict(String v) {
        if (v != null) {
            switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "accept" -> { return ExplanationJudgments.Verdict.ACCEPT; }
                case "reject" -> { return ExplanationJudgments.Verdict.REJECT; }
                default -> { }
            }
        }
        throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "verdict",
                "判断「" + v + "」无效，只能是 accept（接受）或 reject（拒绝）");
    }

    private void history(Context ctx) {
        long id = Requests.id(ctx);
        MatchedAnomaly a = anomaly(ctx, id, index(ctx));
        ctx.json(judgments(ctx).history(id, a.anomaly().indicator().name()));
    }

    private void listVersions(Context ctx) {
        ModelLifecycle l = versions(ctx);
        ctx.json(Map.of("live", liveSetting(l), "liveVersion", l.registry().live(ReasonsMatcherKind.PURPOSE)
                .map(x -> (Object) x.id()).orElse(""), "versions", l.registry().list(ReasonsMatcherKind.PURPOSE)));
    }

    record Promote(Boolean force) {
    }

    /** {@code {"force": true}} (admins only) makes a version live although the promotion rule finds it worse. */
    private void promote(Context ctx) {
        String body = ctx.body();
        Promote in = body.isBlank() ? null : promoteBody(body);
        boolean force = in != null && Boolean.TRUE.equals(in.force());
        if (force)
            RoleMatrix.require(Requests.principal(ctx), RoleMatrix.FORCED_PROMOTION, "强制上线比线上设置差的版本");
        ctx.json(versions(ctx).promote(ReasonsMatcherKind.INSTANCE, ctx.pathParam("version"), actor(ctx),
                force));
    }

    private static Promote promoteBody(String body) {
        try {
            return Json.MAPPER.readValue(body, Promote.class);
        } catch (java.io.IOException e) {
            throw ProblemException.of(400, "MALFORMED_JSON", "JSON 格式错误", "请求体应为 {\"force\": true} 或为空");
        }
    }

    private void train(Context ctx) throws IOException {
        ModelLifecycle versions = versions(ctx);
        ExplanationJudgments store = judgments(ctx);
        int have = store.agreed().judgments().size();
        if (have < MatcherCalibration.MIN_JUDGMENTS) {
            throw ProblemException.of(409, "NOT_ENOUGH_JUDGMENTS", "判断不足",
                    new MatcherCalibration.TooFewJudgments(have, store.agreed().conflicts()).getMessage());
        }
        var snap = store.snapshot(actor(ctx));
        var candidate = reports.calibration().train(snap, store.pairs(snap.training()),
                store.pairs(snap.heldOut()), liveSetting(versions));
        var v = versions.register(candidate, actor(ctx));
        platform.audit().record(Requests.principal(ctx), "reasons-matcher.train", "model:" + v.id(),
                "snapshot " + snap.id(), ctx.ip());
        ctx.status(201).json(v);
    }
}
