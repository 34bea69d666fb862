package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Platform;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The tenant's own audit log, read from the tenant's database. */
final class AuditRoutes {
    private final Platform platform;

    AuditRoutes(Platform platform) {
        this.platform = platform;
    }

    void register(RoutesConfig r) {
        r.get("/api/audit", this::list);
        r.get("/api/audit/{id}", ctx -> ctx.json(
                platform.audit().get(Requests.principal(ctx).tenant(), Requests.id(ctx))));
    }

    private void list(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 50, 1, 500);
        String before = ctx.queryParam("before");
        Long beforeId = before == null ? null : (long) Requests.intQuery(ctx, "before", 1, 1, Integer.MAX_VALUE);
        ctx.json(platform.audit().list(Requests.principal(ctx).tenant(), limit, beforeId));
    }
}
