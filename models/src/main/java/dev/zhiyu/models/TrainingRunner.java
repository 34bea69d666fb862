package dev.zhiyu.models;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs training jobs: one queue per tenant (its jobs run one after another), at most {@code maxConcurrent} trainings
 * on the machine at once. Each training runs on its own thread with a time limit; a job that is cancelled, runs out
 * of time or out of memory ends as such and its result is never committed, so the live model is untouched.
 */
public final class TrainingRunner implements AutoCloseable {
    private static final long POLL_MILLIS = 20;

    /** What a job does; it returns the step that publishes its result, run only if the job is still wanted. */
    public interface Work {
        Runnable run(JobContext ctx) throws Exception;
    }

    /** Reports a job's state changes (the lifecycle persists them). */
    public interface Events {
        void started();

        void progress(double fraction, String line);

        void finished(JobStatus status, String error);
    }

    private final Semaphore permits;
    private final ConcurrentMap<String, ExecutorService> queues = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JobContext> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public TrainingRunner(int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("并发训练数至少为 1：" + maxConcurrent);
        }
        this.permits = new Semaphore(maxConcurrent);
    }

    void submit(String tenant, String jobId, Duration limit, Work work, Events events) {
        JobContext ctx = new JobContext(events);
        running.put(jobId, ctx);
        queues.computeIfAbsent(tenant, t -> Executors.newSingleThreadExecutor(
                        Thread.ofVirtual().name("training-queue-" + t).factory()))
                .submit(() -> {
                    try {
                        run(jobId, ctx, limit, work);
                    } finally {
                        running.remove(jobId);
                    }
                });
    }

    /** Asks a queued or running job to stop; false if the runner does not know it. */
    boolean cancel(String jobId) {
        JobContext ctx = running.get(jobId);
        if (ctx == null) {
            return false;
        }
        ctx.finish(JobStatus.CANCELLED, "已取消", null);
        return true;
    }

    private void run(String jobId, JobContext ctx, Duration limit, Work work) {
        if (ctx.isDone()) {
            return;
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            return; // shutting down: the job stays queued in its store and is queued again at the next start
        }
        if (!ctx.begin()) {
            permits.release();
            return;
        }
        Thread worker = Thread.ofPlatform().daemon().name("training-" + jobId).start(() -> {
            try {
                Runnable commit = work.run(ctx);
                ctx.finish(JobStatus.SUCCEEDED, null, commit);
            } catch (OutOfMemoryError e) {
                ctx.finish(JobStatus.FAILED, "训练内存不足（OutOfMemoryError：" + e.getMessage() + "），线上模型未受影响", null);
            } catch (JobContext.Cancelled | CancellationException | InterruptedException e) {
                ctx.finish(JobStatus.CANCELLED, "已取消", null);
            } catch (Throwable e) {
                ctx.finish(JobStatus.FAILED, "训练失败：" + message(e), null);
            } finally {
                permits.release();
            }
        });
        watch(worker, ctx, limit);
    }

    /** Waits for the worker, the deadline or a cancellation, whichever comes first. */
    private void watch(Thread worker, JobContext ctx, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (worker.isAlive() && !ctx.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    ctx.finish(JobStatus.FAILED, "训练超过时限 " + limit.toSeconds() + " 秒，已终止，线上模型未受影响", null);
                    break;
                }
                worker.join(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        } catch (InterruptedException e) {
            if (!closing) {
                ctx.finish(JobStatus.FAILED, "训练被中断", null);
            }
        }
        // The intent trainers stop soon after the job is done (they ask JobContext.isDone); other work gets the hint.
        worker.interrupt();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Stops without ending any job: queued and running jobs keep their stored state, as after a crash, and the next
     * start queues them again; a training still running here can no longer publish.
     */
    @Override
    public void close() {
        closing = true;
        running.values().forEach(JobContext::abandon);
        queues.values().forEach(ExecutorService::shutdownNow);
    }
}
