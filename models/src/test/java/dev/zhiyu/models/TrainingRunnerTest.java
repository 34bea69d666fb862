package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainingRunnerTest {
    record End(JobStatus status, String error) {
    }

    static final class Recorder implements TrainingRunner.Events {
        final CompletableFuture<End> end = new CompletableFuture<>();
        final List<String> lines = new ArrayList<>();

        @Override
        public void started() {
        }

        @Override
        public synchronized void progress(double fraction, String line) {
            lines.add(line);
        }

        @Override
        public void finished(JobStatus status, String error) {
            end.complete(new End(status, error));
        }

        End await() throws Exception {
            return end.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void atMostTheMachinesBoundRunsAtOnceAndEachTenantsJobsOneAfterAnother() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger tenantAPeak = new AtomicInteger();
        AtomicInteger tenantANow = new AtomicInteger();
        List<Recorder> all = new ArrayList<>();
        try (TrainingRunner runner = new TrainingRunner(2)) {
            for (int i = 0; i < 9; i++) {
                String tenant = "t" + (i % 3);
                Recorder r = new Recorder();
                all.add(r);
                runner.submit(tenant, "job" + i, Duration.ofSeconds(10), ctx -> {
                    peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                    if (tenant.equals("t0")) {
                        tenantAPeak.accumulateAndGet(tenantANow.incrementAndGet(), Math::max);
                    }
                    Thread.sleep(60);
                    if (tenant.equals("t0")) {
                        tenantANow.decrementAndGet();
                    }
                    now.decrementAndGet();
                    return () -> { };
                }, r);
            }
            for (Recorder r : all) {
                assertEquals(JobStatus.SUCCEEDED, r.await().status());
            }
        }
        assertEquals(2, peak.get(), "the machine bound is reached and never passed");
        assertEquals(1, tenantAPeak.get());
    }

    /**
     * Real maxent trainings (OpenNLP L-BFGS on the shipped data), one after another until the job is done: L-BFGS may
     * converge early on a fast machine, so a single training would not hold the slot for a known time.
     */
    private static TrainingRunner.Work longTraining(CompletableFuture<Long> started) {
        return longTraining(started, new CompletableFuture<>());
    }

    /** Trains until its job is done; {@code stopped} gets the time it saw that. */
    private static TrainingRunner.Work longTraining(CompletableFuture<Long> started, CompletableFuture<Long> stopped) {
        IntentTraining.Settings slow = IntentTraining.Settings.of(Map.of("iterations", "2000", "folds", "10"));
        return ctx -> {
            started.complete(System.nanoTime());
            try {
                while (!ctx.isDone()) {
                    IntentTraining.train(List.of(), slow, ctx::isDone);
                }
            } finally { // also when the runner's interrupt ends the training with an exception
                stopped.complete(System.nanoTime());
            }
            return () -> { };
        };
    }

    @Test
    void aCancelledOrTimedOutTrainingStopsAndFreesItsSlotForTheNextJob() throws Exception {
        for (boolean cancel : new boolean[] {true, false}) {
            try (TrainingRunner runner = new TrainingRunner(1)) {
                CompletableFuture<Long> firstStarted = new CompletableFuture<>();
                CompletableFuture<Long> nextStarted = new CompletableFuture<>();
                CompletableFuture<Long> firstStopped = new CompletableFuture<>();
                Recorder first = new Recorder();
                Recorder next = new Recorder();
                runner.submit("alpha", "long", cancel ? Duration.ofMinutes(10) : Duration.ofMillis(4000),
                        longTraining(firstStarted, firstStopped), first);
                runner.submit("beta", "next", Duration.ofSeconds(10), ctx -> {
                    nextStarted.complete(System.nanoTime());
                    return () -> { };
                }, next);
                firstStarted.get(20, TimeUnit.SECONDS);
                if (cancel) {
                    Thread.sleep(500);
                    assertFalse(nextStarted.isDone(), "the one slot is taken by the training");
                }
                if (cancel) {
                    assertTrue(runner.cancel("long"));
                }
                End end = first.await();
                long ended = System.nanoTime();
                assertEquals(cancel ? JobStatus.CANCELLED : JobStatus.FAILED, end.status(), end.error());
                long nextAt = nextStarted.get(20, TimeUnit.SECONDS);
                // the time limit runs on a loaded machine's clock: what must hold is that the slot was exclusive
                assertTrue(nextAt >= firstStopped.get(20, TimeUnit.SECONDS), "the next job started while the training ran");
                long waited = TimeUnit.NANOSECONDS.toMillis(nextAt - ended);
                System.out.println("TrainingRunnerTest: " + end.status() + " training, next job started " + waited + " ms later");
                // generous: on a loaded 2-core machine a training thread takes seconds to see that its job is done
                assertTrue(waited < 10_000, "the next job started " + waited + " ms after the training ended");
                assertEquals(JobStatus.SUCCEEDED, next.await().status());
            }
        }
    }

    @Test
    void aJobPastItsTimeLimitFailsAndNeverCommitsEvenIfItIgnoresInterrupts() throws Exception {
        AtomicBoolean committed = new AtomicBoolean();
        Recorder r = new Recorder();
        try (TrainingRunner runner = new TrainingRunner(1)) {
            long t0 = System.nanoTime();
            runner.submit("t", "slow", Duration.ofMillis(200), ctx -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return () -> committed.set(true);
            }, r);
            End e = r.await();
            assertEquals(JobStatus.FAILED, e.status());
            assertTrue(e.error().contains("时限"), e.error());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "failed at the limit, not at the end");
            Thread.sleep(2_200);
        }
        assertFalse(committed.get());
    }

    @Test
    void aJobThatRunsOutOfMemoryFailsCleanly() throws Exception {
        Recorder r = new Recorder();
        AtomicBoolean committed = new AtomicBoolean();
        try (TrainingRunner runner = new TrainingRunner(1)) {
            runner.submit("t", "big", Duration.ofSeconds(10), ctx -> {
                long[][] weights = new long[64][];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = new long[Integer.MAX_VALUE - 8];
                }
                return () -> committed.set(weights.length > 0);
            }, r);
            End e = r.await();
            assertEquals(JobStatus.FAILED, e.status());
            assertTrue(e.error().contains("内存不足"), e.error());
            // the runner still works afterwards
            Recorder next = new Recorder();
            runner.submit("t", "small", Duration.ofSeconds(10), ctx -> () -> { }, next);
            assertEquals(JobStatus.SUCCEEDED, next.await().status());
        }
        assertFalse(committed.get());
    }

    @Test
    void cancellingAQueuedJobSkipsItAndCancellingARunningOneStopsItAtItsNextProgressReport() throws Exception {
        AtomicBoolean secondRan = new AtomicBoolean();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        CompletableFuture<Void> inside = new CompletableFuture<>();
        try (TrainingRunner runner = new TrainingRunner(1)) {
            runner.submit("t", "first", Duration.ofSeconds(10), ctx -> {
                inside.complete(null);
                for (int i = 0; i < 500; i++) {
                    ctx.progress(i / 500.0, "epoch " + i);
                    Thread.sleep(10);
                }
                return () -> { };
            }, first);
            runner.submit("t", "second", Duration.ofSeconds(10), ctx -> {
                secondRan.set(true);
                return () -> { };
            }, second);
            inside.get(10, TimeUnit.SECONDS);
            assertTrue(runner.cancel("second"));
            assertTrue(runner.cancel("first"));
            assertEquals(JobStatus.CANCELLED, first.await().status());
            assertEquals(JobStatus.CANCELLED, second.await().status());
            assertFalse(runner.cancel("nobody"));
        }
        assertFalse(secondRan.get());
        assertTrue(first.lines.size() < 500);
    }

    @Test
    void closingTheRunnerEndsNoJobSoTheNextStartCanQueueThemAgain() throws Exception {
        Recorder running = new Recorder();
        Recorder queued = new Recorder();
        AtomicBoolean committed = new AtomicBoolean();
        CompletableFuture<Void> inside = new CompletableFuture<>();
        TrainingRunner runner = new TrainingRunner(1);
        runner.submit("t", "a", Duration.ofSeconds(10), ctx -> {
            inside.complete(null);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return () -> committed.set(true);
        }, running);
        runner.submit("t", "b", Duration.ofSeconds(10), ctx -> () -> { }, queued);
        inside.get(10, TimeUnit.SECONDS);
        runner.close();
        Thread.sleep(800);
        assertFalse(running.end.isDone(), "no final state is recorded for the running job");
        assertFalse(queued.end.isDone());
        assertFalse(committed.get(), "nor is its result published");
    }
}
