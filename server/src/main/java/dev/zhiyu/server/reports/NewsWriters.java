package dev.zhiyu.server.reports;

import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.reports.generate.GeneratorModel;
import dev.zhiyu.reports.generate.NewsGenerator;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.server.platform.Tenant;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's news writer with the registry change it was resolved at. With the model registry: the tenant's live
 * news-generator version (verified by checksum, re-resolved whenever a promotion or rollback moves the registry); a
 * version that fails its checksum or cannot be loaded gives the templates. Without a live version: a model saved by
 * {@code reports gen-train} in {@code <dataDir>/tenants/<slug>/news-generator} or {@code <dataDir>/news-generator};
 * the templates otherwise or when it cannot be read. The learned text falls back to the template whenever the
 * checker rejects it.
 */
final class NewsWriters {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NewsWriters.class);
    private final Path dataDir;
    private final Map<String, Resolved> writers = new ConcurrentHashMap<>();

    private record Resolved(long change, DraftWriter writer) {
    }

    /** @param dataDir where saved models are looked for; null: none */
    NewsWriters(Path dataDir) {
        this.dataDir = dataDir;
    }

    void clear() {
        writers.clear();
    }

    /** @param lifecycle the tenant's model lifecycle; null without the model registry */
    DraftWriter of(Tenant tenant, ModelLifecycle lifecycle) {
        long change = lifecycle == null ? Long.MIN_VALUE : lifecycle.registry().lastChange();
        Resolved r = writers.get(tenant.slug());
        if (r != null && r.change() == change) return r.writer();
        DraftWriter w = lifecycle == null ? null : live(tenant, lifecycle);
        r = new Resolved(change, w != null ? w : saved(tenant));
        writers.put(tenant.slug(), r);
        return r.writer();
    }

    /** The live version's learned writer; the templates when it fails its checksum; null when none is live. */
    private static DraftWriter live(Tenant tenant, ModelLifecycle lifecycle) {
        var v = lifecycle.registry().live(NewsGeneratorKind.PURPOSE).orElse(null);
        if (v == null) return null;
        try {
            return NewsGenerator.learned(lifecycle.load(NewsGeneratorKind.INSTANCE, v));
        } catch (RuntimeException e) {
            LOG.error("租户 {}：上线的快讯生成模型 {} 无法使用，改用模板：{}", tenant.slug(), v.id(), e.getMessage());
            return DraftWriter.TEMPLATES;
        }
    }

    private DraftWriter saved(Tenant tenant) {
        if (dataDir == null) return DraftWriter.TEMPLATES;
        for (Path dir : List.of(dataDir.resolve("tenants").resolve(tenant.slug()).resolve("news-generator"),
                dataDir.resolve("news-generator"))) {
            if (!GeneratorModel.exists(dir)) continue;
            try {
                return NewsGenerator.learned(GeneratorModel.load(dir));
            } catch (java.io.IOException | RuntimeException e) {
                return DraftWriter.TEMPLATES;
            }
        }
        return DraftWriter.TEMPLATES;
    }
}
