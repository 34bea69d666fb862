package dev.zhiyu.server.http;

import dev.zhiyu.knowledge.CompanySearch;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.tasks.ComplianceScan;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * What only the web console needs: company search by name or code, compliance flags over a task's calls, and the
 * dialog side of a task's dashboard (intents, fallbacks, stage funnel).
 */
final class ConsoleRoutes {
    private static final int MAX_SCANNED_CALLS = 1_000;

    private final TenantGraphs graphs;
    private final TelephonyOperations telephony;
    private final CompanySearch search = new CompanySearch();

    ConsoleRoutes(TenantGraphs graphs, TelephonyService telephony) {
        this.graphs = graphs;
        this.telephony = telephony.operations();
    }

    void register(RoutesConfig r) {
        r.get("/api/console/companies", this::companies);
        r.get("/api/console/compliance", this::compliance);
        r.get("/api/console/dialog-stats", this::dialogStats);
    }

    private void dialogStats(Context ctx) {
        ctx.json(telephony.dialogStats(Requests.principal(ctx).tenant(), taskParam(ctx)));
    }

    private static String taskParam(Context ctx) {
        String taskId = ctx.queryParam("task");
        if (taskId == null || taskId.isBlank()) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "task", "请选择任务");
        }
        return taskId;
    }

    private void companies(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "q", "请输入企业名称、简称、曾用名或代码");
        }
        if (q.length() > 100) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "q", "查询不能超过 100 个字符");
        }
        int limit = Requests.intQuery(ctx, "limit", 20, 1, 100);
        String slug = Requests.principal(ctx).tenant().slug();
        ctx.json(search.search(slug, graphs.forTenant(slug), q, limit));
    }

    private void compliance(Context ctx) {
        String taskId = taskParam(ctx);
        Tenant tenant = Requests.principal(ctx).tenant();
        var task = telephony.task(tenant, taskId);
        var calls = telephony.records(tenant, taskId, 0, MAX_SCANNED_CALLS);
        ctx.json(Map.of("taskId", taskId, "scanned", calls.size(), "truncated", calls.size() == MAX_SCANNED_CALLS,
                "flags", ComplianceScan.scan(task.spec(), calls)));
    }
}
