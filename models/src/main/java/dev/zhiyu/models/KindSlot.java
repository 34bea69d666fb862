package dev.zhiyu.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A kind plugged into one tenant's lifecycle, with the models of its versions loaded so far (by version id). */
final class KindSlot<M> {
    private final ModelKind<M> kind;
    private final ArtifactStore artifacts;
    private final ConcurrentMap<String, M> loaded = new ConcurrentHashMap<>();

    KindSlot(ModelKind<M> kind, ArtifactStore artifacts) {
        this.kind = kind;
        this.artifacts = artifacts;
    }

    ModelKind<M> kind() {
        return kind;
    }

    /** Verifies the version's checksum, then its (cached) model. */
    M load(ModelVersion v) {
        if (!kind.owns(v.purpose())) {
            throw ModelRequestException.invalid("版本 " + v.id() + " 不是" + kind.noun() + "（" + v.purpose() + "）");
        }
        Path dir = artifacts.verified(v.id(), v.sha256());
        return loaded.computeIfAbsent(v.id(), id -> {
            try {
                return kind.load(dir);
            } catch (IOException | RuntimeException e) {
                throw new CorruptArtifactException(kind.noun() + " " + id + " 无法加载：" + e.getMessage());
            }
        });
    }

    /** Loads the version now (a bad artifact fails here) and returns what tells the kind once it is live. */
    Runnable prepare(ModelVersion v) {
        M model = load(v);
        return () -> kind.wentLive(v.purpose(), model);
    }
}
