package dev.zhiyu.reports;

import java.time.Duration;

/** Bounds on what one document may cost: bytes on disk, pages, decoded content per page, wall time, threads. */
public record Limits(long maxBytes, int maxPages, long maxPageContentBytes, Duration timeout, int threads) {
    public static Limits defaults() {
        return new Limits(200L << 20, 1200, 32L << 20, Duration.ofSeconds(120),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public Limits withMaxPages(int pages) { return new Limits(maxBytes, pages, maxPageContentBytes, timeout, threads); }

    public Limits withTimeout(Duration t) { return new Limits(maxBytes, maxPages, maxPageContentBytes, t, threads); }

    public Limits withMaxBytes(long bytes) { return new Limits(bytes, maxPages, maxPageContentBytes, timeout, threads); }
}
