package dev.zhiyu.server.http;

import dev.zhiyu.models.DatasetSnapshot;
import dev.zhiyu.models.LiveChange;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tenant's model registry, training jobs, datasets, promotion, rollback and comparison. Every kind of model
 * (intent models, slot entity recognisers {@code ner:<scenario>}, news generators, reasons matchers) goes through the
 * tenant's lifecycle, which verifies a version's artifact before it goes live.
 */
final class ModelRoutes {
    record Train(String purpose, String snapshotId, Map<String, String> hyperParameters, Boolean autoPromote,
                 Long timeLimitSeconds) {
    }

    record Rollback(String purpose) {
    }

    record Snapshot(String purpose) {
    }

    record Detail(ModelVersion version, List<ModelVersion> lineage, List<LiveChange> history) {
    }

    private final ModelService models;

    ModelRoutes(ModelService models) {
        this.models = models;
    }

    void register(RoutesConfig r) {
        r.get("/api/models", ctx -> ctx.json(lifecycle(ctx).registry().list(purposeQuery(ctx))));
        r.get("/api/models/compare", this::compare);
        r.post("/api/models/train", this::train);
        r.post("/api/models/rollback", this::rollback);
        r.get("/api/models/{id}", this::detail);
        r.post("/api/models/{id}/promote", this::promote);
        r.get("/api/model-jobs", ctx -> ctx.json(lifecycle(ctx).jobs()));
        r.get("/api/model-jobs/{id}", ctx -> ctx.json(lifecycle(ctx).job(id(ctx, "id"))));
        r.post("/api/model-jobs/{id}/cancel", ctx -> ctx.json(lifecycle(ctx).cancel(id(ctx, "id"))));
        r.get("/api/datasets", ctx -> ctx.json(lifecycle(ctx).annotations()
                .snapshots(Purposes.check(ctx.queryParam("purpose")))));
        r.post("/api/datasets", this::snapshot);
    }

    private ModelLifecycle lifecycle(Context ctx) {
        return models.of(Requests.principal(ctx).tenant());
    }

    private static String by(Context ctx) {
        Principal p = Requests.principal(ctx);
        return p.consumer() + " " + p.name();
    }

    private String purposeQuery(Context ctx) {
        String p = ctx.queryParam("purpose");
        return p == null ? null : lifecycle(ctx).checkPurpose(p);
    }

    private void promote(Context ctx) {
        ModelLifecycle l = lifecycle(ctx);
        ctx.json(l.promote(l.version(id(ctx, "id")).id(), by(ctx)));
    }

    /** Ids are UUIDs; anything else cannot name a version or job, so it is simply not found. */
    static String id(Context ctx, String param) {
        String raw = param.equals("id") ? ctx.pathParam("id") : ctx.queryParam(param);
        if (raw == null || !raw.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw ProblemException.notFound("没有 " + raw);
        }
        return raw;
    }

    private void detail(Context ctx) {
        ModelLifecycle l = lifecycle(ctx);
        ModelVersion v = l.version(id(ctx, "id"));
        ctx.json(new Detail(v, l.lineage(v.id()), l.registry().history(v.purpose())));
    }

    private void train(Context ctx) {
        Train in = Json.read(ctx, Train.class);
        Duration limit = in.timeLimitSeconds() == null ? null : Duration.ofSeconds(in.timeLimitSeconds());
        ctx.status(202).json(lifecycle(ctx).train(new ModelLifecycle.TrainRequest(in.purpose(),
                in.snapshotId(), in.hyperParameters(), Boolean.TRUE.equals(in.autoPromote()), limit), by(ctx)));
    }

    private void rollback(Context ctx) {
        Rollback in = Json.read(ctx, Rollback.class);
        String purpose = in.purpose() == null ? "" : in.purpose();
        ctx.json(lifecycle(ctx).rollback(purpose, by(ctx)));
    }

    private void snapshot(Context ctx) {
        Snapshot in = Json.read(ctx, Snapshot.class);
        DatasetSnapshot s = lifecycle(ctx).datasets().snapshot(Purposes.check(in.purpose()), by(ctx));
        ctx.status(201).json(s);
    }

    private void compare(Context ctx) {
        String a = id(ctx, "a");
        String b = id(ctx, "b");
        ModelLifecycle l = lifecycle(ctx);
        ctx.json(l.compareVersions(a, b));
    }
}
