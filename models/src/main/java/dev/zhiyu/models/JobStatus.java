package dev.zhiyu.models;

/** A training job's state; the last three are final. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean done() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
