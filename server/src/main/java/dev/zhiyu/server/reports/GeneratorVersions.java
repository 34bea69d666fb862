package dev.zhiyu.server.reports;

import dev.zhiyu.models.CorruptArtifactException;
import dev.zhiyu.models.LiveChange;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelStatus;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.reports.generate.GeneratorModel;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's news generators as versions of purpose {@value #PURPOSE} in its model registry (issue 9): the same
 * checksummed artifact folder, candidate/live/retired statuses and live-change history as the intent models. The
 * intent lifecycle cannot load a generator, so registering, promoting and rolling back go through here; each load
 * verifies the artifact's SHA-256 first.
 */
public final class GeneratorVersions {
    public static final String PURPOSE = "news-generator";
    private final ModelLifecycle lifecycle;

    public GeneratorVersions(ModelLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Stores a trained model as a new candidate version (its parent: the version live now). */
    public ModelVersion register(GeneratorModel model, Map<String, String> settings, String by) throws IOException {
        String id = UUID.randomUUID().toString();
        var artifacts = lifecycle.artifacts();
        try {
            model.save(artifacts.staging(id));
        } catch (IOException | RuntimeException e) {
            artifacts.discard(id);
            throw e;
        }
        var stored = artifacts.seal(id);
        Map<String, Double> metrics = new LinkedHashMap<>();
        model.metrics().forEach((k, v) -> {
            if (v instanceof Number n) metrics.put(k, n.doubleValue());
        });
        Map<String, String> hyper = new LinkedHashMap<>(settings);
        hyper.put("generatorVersion", model.version());
        ModelVersion v = new ModelVersion(id, PURPOSE, live().map(ModelVersion::id).orElse(null), model.version(), hyper,
                metrics, stored.sizeBytes(), stored.sha256(), Instant.now(), by, ModelStatus.CANDIDATE);
        lifecycle.registry().add(v);
        return v;
    }

    public Optional<ModelVersion> live() {
        return lifecycle.registry().live(PURPOSE);
    }

    /** The version's model after its checksum was verified ({@link CorruptArtifactException} otherwise). */
    public GeneratorModel load(ModelVersion v) {
        var dir = lifecycle.artifacts().verified(v.id(), v.sha256());
        try {
            return GeneratorModel.load(dir);
        } catch (IOException | RuntimeException e) {
            throw new CorruptArtifactException("快讯生成模型 " + v.id() + " 无法加载：" + e.getMessage());
        }
    }

    /** Makes a version live after verifying and loading it, so a bad artifact never becomes live. */
    public ModelVersion promote(String id, String by) {
        ModelVersion v = lifecycle.registry().find(id).filter(x -> x.purpose().equals(PURPOSE))
                .orElseThrow(() -> new IllegalStateException("没有快讯生成模型版本 " + id));
        if (v.status() == ModelStatus.LIVE) return v;
        load(v);
        lifecycle.registry().makeLive(PURPOSE, live().map(ModelVersion::id).orElse(null), id, by, "手动上线");
        return lifecycle.registry().find(id).orElseThrow();
    }

    /** Puts back the version that was live before the current one (verified first). */
    public ModelVersion rollback(String by) {
        ModelVersion current = live().orElseThrow(() -> new IllegalStateException("快讯生成模型没有上线的版本，无法回滚"));
        String previous = lifecycle.registry().history(PURPOSE).stream().filter(h -> current.id().equals(h.toId()))
                .findFirst().map(LiveChange::fromId).orElse(null);
        if (previous == null) throw new IllegalStateException("版本 " + current.id() + " 之前没有上线过的版本，无法回滚");
        load(lifecycle.registry().find(previous).orElseThrow());
        lifecycle.registry().makeLive(PURPOSE, current.id(), previous, by, "回滚自 " + current.id());
        return lifecycle.registry().find(previous).orElseThrow();
    }
}
