package dev.zhiyu.server.http;

import dev.zhiyu.models.Purposes;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.models.AnnotationSettings;
import dev.zhiyu.server.models.AnnotationWorkbench;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The annotation queue of stored caller turns, corrections, and conflicts between annotators. */
final class AnnotationRoutes {
    record Annotate(String sessionId, Integer turnIndex, String intent, Map<String, String> slots, Boolean adjudicated) {
    }

    /** One label for every copy of a text (the workbench's item). */
    record AnnotateAll(List<AnnotationWorkbench.TurnRef> turns, String intent, Map<String, String> slots) {
    }

    record Settings(Integer annotatorsPerTurn) {
    }

    /** Undo: the ids of the corrections just made. */
    record Withdraw(List<Long> ids) {
    }

    private final ModelService models;
    private final AnnotationWorkbench workbench;

    AnnotationRoutes(ModelService models, DialogService dialogs) {
        this.models = models;
        this.workbench = new AnnotationWorkbench(models, dialogs);
    }

    void register(RoutesConfig r) {
        r.get("/api/annotations/queue", this::queue);
        r.post("/api/annotations", this::annotate);
        r.get("/api/annotations/workbench", ctx -> ctx.json(workbench.items(tenant(ctx), scenario(ctx),
                annotator(Requests.principal(ctx)), Requests.intQuery(ctx, "limit", 50, 1, 200))));
        r.get("/api/annotations/intents", ctx -> ctx.json(workbench.intents(tenant(ctx), scenario(ctx))));
        r.get("/api/annotations/slots", ctx -> ctx.json(workbench.slots(tenant(ctx), scenario(ctx))));
        r.get("/api/annotations/settings", ctx -> ctx.json(models.annotationSettings(tenant(ctx))));
        r.put("/api/annotations/settings", this::saveSettings);
        r.get("/api/annotations/agreement", ctx -> ctx.json(workbench.agreement(tenant(ctx), scenario(ctx))));
        r.post("/api/annotations/batch", this::annotateAll);
        r.post("/api/annotations/withdrawals", this::withdraw);
        r.get("/api/annotations/conflicts", ctx -> ctx.json(models.of(tenant(ctx)).datasets()
                .conflicts(Purposes.intent(scenario(ctx)))));
    }

    private static dev.zhiyu.server.platform.Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private static String scenario(Context ctx) {
        String s = ctx.queryParam("scenario");
        if (s == null || s.isBlank()) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "scenario", "缺少场景 id");
        }
        return s;
    }

    private void queue(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 50, 1, 500);
        ctx.json(models.queue(tenant(ctx), scenario(ctx), annotator(Requests.principal(ctx)), limit));
    }

    private void saveSettings(Context ctx) {
        Settings in = Json.read(ctx, Settings.class);
        if (in.annotatorsPerTurn() == null) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "annotatorsPerTurn", "不能为空");
        }
        Principal p = Requests.principal(ctx);
        ctx.json(models.saveAnnotationSettings(p.tenant(), new AnnotationSettings(in.annotatorsPerTurn()), annotator(p)));
    }

    private void annotateAll(Context ctx) {
        AnnotateAll in = Json.read(ctx, AnnotateAll.class);
        if (in.turns() == null || in.turns().isEmpty() || in.turns().size() > 500
                || in.turns().stream().anyMatch(t -> t == null || t.sessionId() == null)) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "turns", "需要 1–500 个 {sessionId, turnIndex}");
        }
        Principal p = Requests.principal(ctx);
        ctx.status(201).json(workbench.labelAll(p.tenant(), in.turns(), in.intent(), in.slots(), annotator(p)));
    }

    private void withdraw(Context ctx) {
        Withdraw in = Json.read(ctx, Withdraw.class);
        if (in.ids() == null || in.ids().isEmpty() || in.ids().size() > 500) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "ids", "需要 1–500 个标注 id");
        }
        Principal p = Requests.principal(ctx);
        int n = workbench.withdraw(p.tenant(), in.ids(), annotator(p));
        if (n == 0) {
            throw ProblemException.of(404, "NOT_FOUND", "无可撤销的标注", "这些标注不存在，或不是您本人所做，无法撤销");
        }
        ctx.json(Map.of("withdrawn", n));
    }

    private static String annotator(Principal p) {
        return p.consumer() + " " + p.name();
    }

    private void annotate(Context ctx) {
        Annotate in = Json.read(ctx, Annotate.class);
        Principal p = Requests.principal(ctx);
        boolean adjudicated = Boolean.TRUE.equals(in.adjudicated());
        if (adjudicated) {
            RoleMatrix.require(p, RoleMatrix.ADJUDICATION, "裁决标注冲突");
        }
        if (in.sessionId() == null || in.turnIndex() == null) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "sessionId", "需要 sessionId 和 turnIndex");
        }
        ctx.status(201).json(models.annotate(p.tenant(), in.sessionId(), in.turnIndex(),
                in.intent(), in.slots(), annotator(p), adjudicated));
    }
}
