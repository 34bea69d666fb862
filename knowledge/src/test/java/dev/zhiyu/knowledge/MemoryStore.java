package dev.zhiyu.knowledge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fact store for restart tests: keeps what is written and replays it, with a snapshot file beside it (or none). Its
 * stamp is fixed ("fixed": a snapshot stays usable) or, {@link #counting}, moves on with each write as TDB2's generation
 * does, also for writes made by another process while a server was down.
 */
final class MemoryStore implements FactStore {
    final List<Object> facts = new ArrayList<>();
    final Path file;
    private final boolean counting;
    private volatile int generation;
    volatile Runnable beforeReplay = () -> { };

    MemoryStore(Path file) {
        this(file, false);
    }

    private MemoryStore(Path file, boolean counting) {
        this.file = file;
        this.counting = counting;
    }

    /** A store whose stamp counts its writes. */
    static MemoryStore counting(Path file) {
        return new MemoryStore(file, true);
    }

    @Override
    public String stamp() {
        return counting ? "g" + generation : "fixed";
    }

    @Override
    public Optional<Path> snapshotFile() {
        return Optional.ofNullable(file);
    }

    @Override
    public void write(List<Object> written) {
        facts.addAll(written);
        generation++;
    }

    @Override
    public void replay(Consumer<Object> sink) {
        beforeReplay.run();
        facts.forEach(sink);
    }

    @Override
    public SparqlResult sparql(String query, SparqlLimits limits) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    /** A background snapshot reader that parks in its first turn until released (what a graph runs in each turn). */
    static final class Park implements Runnable {
        final CountDownLatch parked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void run() {
            parked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
