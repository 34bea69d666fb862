package dev.zhiyu.models;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One kind of trained artifact in a tenant's registry, as OpenNLP has one model class per task: which purposes are
 * its, how its verified files load into the typed model, the rule an explicit promotion must pass, and who is told
 * when one of its versions goes live. The lifecycle does the rest for every kind alike: checksums, the registry,
 * promotion and rollback under one lock. Kinds trained by the lifecycle's own jobs ({@code intent:}, {@code ner:})
 * also train and evaluate; other kinds train elsewhere and hand the lifecycle a {@link Candidate}.
 *
 * @param <M> the loaded model
 */
public interface ModelKind<M> {
    boolean owns(String purpose);

    /** What messages call a model of this kind, e.g. 快讯生成模型. */
    String noun();

    /** The model in a version's folder; the lifecycle verified the folder's checksum first. */
    M load(Path dir) throws IOException;

    /** What an explicit promotion must pass unless forced; by default every loadable version may go live. */
    default PromotionRule manualRule() {
        return PromotionRule.ANY;
    }

    /** Told after a version of this kind became live (or was found live) and new work must use {@code model}. */
    default void wentLive(String purpose, M model) {
    }
}
