package dev.zhiyu.models;

import java.util.List;
import java.util.Optional;

/** The tenant's training jobs. */
public interface JobStore {
    /** Inserts or replaces the job's row. */
    void save(TrainingJob job);

    Optional<TrainingJob> job(String id);

    /** Newest first. */
    List<TrainingJob> all();
}
