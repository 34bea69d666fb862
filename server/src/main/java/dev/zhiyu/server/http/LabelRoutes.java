package dev.zhiyu.server.http;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.labels.Labels;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/labels?lang=zh|en}: the names the console shows for internal keys, by kind and key. */
final class LabelRoutes {
    private final DialogService dialogs;

    LabelRoutes(DialogService dialogs) {
        this.dialogs = dialogs;
    }

    void register(RoutesConfig r) {
        r.get("/api/labels", this::labels);
    }

    private void labels(Context ctx) {
        var tenant = Requests.principal(ctx).tenant();
        ctx.header("Cache-Control", "private, max-age=60");
        ctx.json(Labels.with(dialogs.scenarioDefinitions(tenant)).all(Requests.lang(ctx)));
    }
}
