package dev.zhiyu.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A model trained outside the lifecycle's jobs, ready to be registered as a candidate version of its kind. */
public record Candidate(String purpose, String datasetSnapshotId, Map<String, String> hyperParameters,
                        Map<String, Double> metrics, Files files) {
    /** Writes the model's files into the fresh folder of the new version. */
    @FunctionalInterface
    public interface Files {
        void writeTo(Path dir) throws IOException;
    }

    public Candidate {
        hyperParameters = Map.copyOf(hyperParameters);
        metrics = Map.copyOf(metrics);
    }
}
