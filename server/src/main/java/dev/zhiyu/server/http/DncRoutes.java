package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.rules.DncLists;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tenant's do-not-call list: bulk add (JSON or CSV), list with each number's source, remove. */
final class DncRoutes {

    /** JSON body of a bulk add. */
    record AddRequest(List<String> numbers, String reason) {
    }

    /** Optional JSON body of a review: the supervisor's reason. */
    record ReviewRequest(String reason) {
    }

    private final TelephonyOperations telephony;

    DncRoutes(TelephonyService telephony) {
        this.telephony = telephony.operations();
    }

    void register(RoutesConfig r) {
        r.get("/api/calls/dnc", this::list);
        r.post("/api/calls/dnc", this::add);
        r.delete("/api/calls/dnc/{phone}", this::remove);
        r.get("/api/calls/opt-outs", this::pendingOptOuts);
        r.get("/api/calls/opt-outs/reviews", this::reviews);
        r.post("/api/calls/opt-outs/{phone}/{decision}", this::review);
    }

    /** Opt-outs captured in calls (rejected calls, 不要再打 in a dialog) waiting for a supervisor; still never dialled. */
    private void pendingOptOuts(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 1000, 1, 10_000);
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ctx.json(telephony.dnc(tenant(ctx), "opt_out", offset, limit));
    }

    private void review(Context ctx) {
        Principal p = Requests.principal(ctx); // supervisors and admins only (RoleMatrix)
        // the body is optional: no body (or an empty one) is a decision without a reason
        String note = ctx.contentType() == null || ctx.contentLength() == 0 ? null
                : Json.read(ctx, ReviewRequest.class).reason();
        if (note != null && note.length() > 200) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "reason", "原因不能超过 200 个字");
        }
        String phone = telephony.reviewOptOut(p.tenant(), ctx.pathParam("phone"), ctx.pathParam("decision"),
                p.kind() + ":" + p.name(), note);
        ctx.json(Map.of("phone", phone, "decision", ctx.pathParam("decision")));
    }

    /** The latest decisions on opt-outs, newest first (who decided, and why). */
    private void reviews(Context ctx) {
        ctx.json(telephony.optOutReviews(tenant(ctx), Requests.intQuery(ctx, "limit", 50, 1, 500)));
    }

    private static Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private void list(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 1000, 1, 10_000);
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ctx.json(telephony.dnc(tenant(ctx), ctx.queryParam("kind"), offset, limit));
    }

    /** application/json {@code {"numbers": [...], "reason": "..."}} or text/csv (reason in {@code ?reason=}). */
    private void add(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        DncLists.Report report;
        if (type.startsWith("text/csv")) {
            report = telephony.addDnc(tenant(ctx), DncLists.fromCsv(new InputStreamReader(ctx.bodyInputStream(),
                    StandardCharsets.UTF_8)), ctx.queryParam("reason"));
        } else if (type.startsWith("application/json")) {
            AddRequest in = Json.read(ctx, AddRequest.class);
            report = telephony.addDnc(tenant(ctx), DncLists.fromList(in.numbers()), in.reason());
        } else {
            throw ProblemException.of(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型",
                    "免打扰号码须以 application/json（{\"numbers\": [...]}）或 text/csv 提交");
        }
        ctx.json(report);
    }

    private void remove(Context ctx) {
        String phone = telephony.removeDnc(tenant(ctx), ctx.pathParam("phone"));
        ctx.json(Map.of("removed", phone));
    }
}
