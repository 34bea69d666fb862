package dev.zhiyu.models;

/**
 * A running job's handle: the work reports progress through it and checks for cancellation; the first final state
 * wins, and a success commits its result under the same lock, so a job cut off by its deadline never publishes.
 */
public final class JobContext {
    /** Thrown by {@link #checkCancelled()} when the job is no longer wanted. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("已取消", null, false, false);
        }
    }

    private final TrainingRunner.Events events;
    private boolean done;

    JobContext(TrainingRunner.Events events) {
        this.events = events;
    }

    public void progress(double fraction, String line) {
        checkCancelled();
        events.progress(fraction, line);
    }

    public synchronized void checkCancelled() {
        if (done) {
            throw new Cancelled();
        }
    }

    synchronized boolean isDone() {
        return done;
    }

    synchronized boolean begin() {
        if (done) {
            return false;
        }
        events.started();
        return true;
    }

    /** The process is stopping: nothing more is reported or published for this job. */
    synchronized void abandon() {
        done = true;
    }

    synchronized void finish(JobStatus status, String error, Runnable commit) {
        if (done) {
            return;
        }
        done = true;
        if (commit != null) {
            try {
                commit.run();
            } catch (RuntimeException e) {
                events.finished(JobStatus.FAILED, "结果保存失败：" + e.getMessage());
                return;
            }
        }
        events.finished(status, error);
    }
}
