package dev.zhiyu.server.http;

import dev.zhiyu.models.Purposes;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** The annotation queue of stored caller turns, corrections, and conflicts between annotators. */
final class AnnotationRoutes {
    record Annotate(String sessionId, Integer turnIndex, String intent, Map<String, String> slots, Boolean adjudicated) {
    }

    private final ModelService models;

    AnnotationRoutes(ModelService models) {
        this.models = models;
    }

    void register(RoutesConfig r) {
        r.get("/api/annotations/queue", this::queue);
        r.post("/api/annotations", this::annotate);
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
        ctx.json(models.queue(tenant(ctx), scenario(ctx), limit));
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
                in.intent(), in.slots(), p.consumer() + " " + p.name(), adjudicated));
    }
}
