package dev.zhiyu.models;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One tenant's registered versions of every plugged kind: loading (checksum first), registering candidates, and
 * promotion, rollback and catching up with changes made elsewhere, all under one lock.
 */
final class LiveModels {
    private final RegistryStore registry;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final List<KindSlot<?>> slots = new CopyOnWriteArrayList<>();
    private final Object promotions = new Object();
    /** Purpose → the version this process last handed to its kind (or served through {@link #live}). */
    private final ConcurrentMap<String, String> serving = new ConcurrentHashMap<>();
    private long seenChange = -1;

    LiveModels(RegistryStore registry, ArtifactStore artifacts, Clock clock) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    <M> KindSlot<M> plug(ModelKind<M> kind) {
        KindSlot<M> s = new KindSlot<>(kind, artifacts);
        slots.add(s);
        return s;
    }

    private Optional<KindSlot<?>> find(String purpose) {
        return slots.stream().filter(s -> s.kind().owns(purpose)).findFirst();
    }

    /** The slot of the kind owning the purpose; an unknown purpose is refused as invalid. */
    KindSlot<?> slot(String purpose) {
        return find(purpose).orElseThrow(() -> {
            Purposes.check(purpose);
            return ModelRequestException.invalid("模型用途「" + purpose + "」没有接入的模型类型");
        });
    }

    <M> KindSlot<M> slot(ModelKind<M> kind) {
        for (KindSlot<?> s : slots) {
            if (s.kind() == kind) {
                @SuppressWarnings("unchecked") // the slot was plugged with this very kind, so its M is kind's M
                KindSlot<M> typed = (KindSlot<M>) s;
                return typed;
            }
        }
        throw new IllegalStateException("模型类型「" + kind.noun() + "」未接入本租户的模型生命周期");
    }

    ModelVersion version(String id) {
        return registry.find(id).orElseThrow(() -> new UnknownIdException("没有模型版本 " + id));
    }

    ModelVersion version(ModelKind<?> kind, String id) {
        return registry.find(id).filter(v -> kind.owns(v.purpose()))
                .orElseThrow(() -> new UnknownIdException("没有" + kind.noun() + "版本 " + id));
    }

    Optional<ModelVersion> liveVersion(String purpose) {
        return registry.live(purpose);
    }

    /** The live model of a purpose, if a version is live. */
    <M> Optional<M> live(ModelKind<M> kind, String purpose) {
        KindSlot<M> s = slot(kind);
        return registry.live(purpose).map(v -> {
            M model = s.load(v);
            serving.put(purpose, v.id());
            return model;
        });
    }

    /** Moves staged files into place and registers them as a candidate. */
    ModelVersion seal(String id, String purpose, String parent, String snapshotId, Map<String, String> hyperParameters,
                      Map<String, Double> metrics, String by) throws IOException {
        ArtifactStore.Stored st = artifacts.seal(id);
        ModelVersion v = new ModelVersion(id, purpose, parent, snapshotId, hyperParameters, metrics, st.sizeBytes(),
                st.sha256(), clock.instant(), by, ModelStatus.CANDIDATE);
        registry.add(v);
        return v;
    }

    /** Stores a model trained elsewhere as a new candidate (its parent: the version live now). */
    ModelVersion register(Candidate c, String by) throws IOException {
        slot(c.purpose());
        String id = UUID.randomUUID().toString();
        try {
            c.files().writeTo(artifacts.staging(id));
        } catch (IOException | RuntimeException e) {
            artifacts.discard(id);
            throw e;
        }
        String parent = registry.live(c.purpose()).map(ModelVersion::id).orElse(null);
        return seal(id, c.purpose(), parent, c.datasetSnapshotId(), c.hyperParameters(), c.metrics(), by);
    }

    /**
     * Makes a version live: its files are verified and loaded first, so a bad artifact leaves the live one serving;
     * a version its kind's rule finds worse goes live only when forced.
     */
    ModelVersion promote(String id, String by, boolean force) {
        synchronized (promotions) {
            ModelVersion v = version(id);
            if (v.status() == ModelStatus.LIVE) {
                return v;
            }
            KindSlot<?> s = slot(v.purpose());
            Runnable announce = s.prepare(v);
            PromotionRule.Verdict verdict = s.kind().manualRule().check(v.metrics());
            if (!verdict.promote() && !force) {
                throw ModelRequestException.conflict("版本 " + id + " 不如线上设置，拒绝上线：" + verdict.reason()
                        + "（管理员可用 force 强制上线）");
            }
            return makeLive(v, current(v.purpose()), by, verdict.promote() ? "手动上线" : "强制上线：" + verdict.reason(),
                    announce);
        }
    }

    /** A job's candidate that passed its kind's auto-promotion rule. */
    ModelVersion promoteAutomatically(String id, String by, String reason) {
        synchronized (promotions) {
            ModelVersion v = version(id);
            if (v.status() == ModelStatus.LIVE) {
                return v;
            }
            Runnable announce = slot(v.purpose()).prepare(v);
            return makeLive(v, current(v.purpose()), by, reason, announce);
        }
    }

    /** Puts back the version that was live before the current one (verified and loaded first). */
    ModelVersion rollback(String purpose, String by) {
        KindSlot<?> s = slot(purpose);
        synchronized (promotions) {
            ModelVersion live = registry.live(purpose)
                    .orElseThrow(() -> ModelRequestException.conflict("用途 " + purpose + " 没有上线的版本，无法回滚"));
            String previous = registry.history(purpose).stream().filter(h -> live.id().equals(h.toId()))
                    .findFirst().map(LiveChange::fromId).orElse(null);
            if (previous == null) {
                throw ModelRequestException.conflict("版本 " + live.id() + " 之前没有上线过的版本，无法回滚");
            }
            ModelVersion back = version(previous);
            return makeLive(back, live.id(), by, "回滚自 " + live.id(), s.prepare(back));
        }
    }

    private String current(String purpose) {
        return registry.live(purpose).map(ModelVersion::id).orElse(null);
    }

    private ModelVersion makeLive(ModelVersion v, String expectedLive, String by, String reason, Runnable announce) {
        registry.makeLive(v.purpose(), expectedLive, v.id(), by, reason);
        announce.run();
        serving.put(v.purpose(), v.id());
        return version(v.id());
    }

    /**
     * Catches up with promotions and rollbacks another process made (the CLI, another server node): when the
     * registry's newest change differs from the one seen last, every live version of a plugged kind that this
     * process does not serve is verified, loaded and handed to its kind. A corrupt artifact is refused and the model
     * served so far keeps serving; it is not retried until the next change.
     */
    ModelLifecycle.LiveSync syncLive() {
        long newest = registry.lastChange();
        synchronized (promotions) {
            if (newest == seenChange) {
                return new ModelLifecycle.LiveSync(List.of(), Map.of());
            }
            seenChange = newest;
            List<String> swapped = new ArrayList<>();
            Map<String, String> refused = new LinkedHashMap<>();
            for (ModelVersion v : registry.list(null)) {
                Optional<KindSlot<?>> s = find(v.purpose());
                if (v.status() == ModelStatus.LIVE && s.isPresent() && !v.id().equals(serving.get(v.purpose()))) {
                    try {
                        s.get().prepare(v).run();
                        serving.put(v.purpose(), v.id());
                        swapped.add(v.purpose());
                    } catch (RuntimeException e) { // a corrupt or missing artifact, or the kind refusing it
                        refused.put(v.id(), e.getMessage());
                    }
                }
            }
            return new ModelLifecycle.LiveSync(swapped, refused);
        }
    }
}
