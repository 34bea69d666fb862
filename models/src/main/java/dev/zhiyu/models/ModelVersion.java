package dev.zhiyu.models;

import java.time.Instant;
import java.util.Map;

/**
 * One trained artifact of a tenant. {@code purpose} is e.g. {@code intent:<scenario>}; {@code parent} is the version
 * that was live when this one was trained (null for the first); {@code metrics} are on the evaluation set of its
 * dataset snapshot (accuracy, macroF1, f1:&lt;intent&gt;, baseline.* for the parent on the same set).
 */
public record ModelVersion(String id, String purpose, String parent, String datasetSnapshotId,
                           Map<String, String> hyperParameters, Map<String, Double> metrics, long sizeBytes,
                           String sha256, Instant createdAt, String createdBy, ModelStatus status) {
    public ModelVersion {
        hyperParameters = Map.copyOf(hyperParameters);
        metrics = Map.copyOf(metrics);
    }

    public ModelVersion withStatus(ModelStatus s) {
        return new ModelVersion(id, purpose, parent, datasetSnapshotId, hyperParameters, metrics, sizeBytes, sha256,
                createdAt, createdBy, s);
    }

    /** The scenario of an {@code intent:<scenario>} or {@code ner:<scenario>} purpose. */
    public static String scenarioOf(String purpose) {
        if (purpose == null || !(purpose.startsWith(Purposes.INTENT) || purpose.startsWith(Purposes.NER))) {
            throw ModelRequestException.invalid("不支持的模型用途「" + purpose + "」，目前支持 intent:<场景> 和 ner:<场景>");
        }
        return Purposes.scenario(purpose);
    }
}
