package dev.zhiyu.models;

import java.util.List;
import java.util.Optional;

/** Corrections and dataset snapshots of one tenant; both append-only. */
public interface AnnotationStore {
    /** Stores and returns the correction with its id. */
    Correction add(Correction c);

    /**
     * Takes back a correction its annotator just made (undo); false when there is none with that id by that annotator.
     * Snapshots keep their own copies of the examples, so a snapshot made in between is unchanged.
     */
    boolean withdraw(long id, String annotator);

    /** In the order they were made. */
    List<Correction> corrections(String purpose);

    /** Stores a new snapshot with its examples in one transaction; its version must be the next for the purpose. */
    void saveSnapshot(DatasetSnapshot s, List<Example> examples);

    Optional<DatasetSnapshot> snapshot(String id);

    /** Newest first. */
    List<DatasetSnapshot> snapshots(String purpose);

    List<Example> examples(String snapshotId);
}
