package dev.zhiyu.server.reports;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs each task in the caller's thread (the CLI ingests synchronously). */
final class SameThread extends AbstractExecutorService {
    private volatile boolean shut;

    @Override public void execute(Runnable r) { r.run(); }

    @Override public void shutdown() { shut = true; }

    @Override public List<Runnable> shutdownNow() { shut = true; return List.of(); }

    @Override public boolean isShutdown() { return shut; }

    @Override public boolean isTerminated() { return shut; }

    @Override public boolean awaitTermination(long t, TimeUnit u) { return true; }
}
