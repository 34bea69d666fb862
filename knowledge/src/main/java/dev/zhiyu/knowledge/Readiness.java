package dev.zhiyu.knowledge;

/**
 * Whether a graph view answers in full: {@code OPENING} (reading its saved index or rebuilding it, before the first
 * answer), {@code SERVING_PARTIAL} (queries answered, the rest of the saved index read in the background: {@code done}
 * of {@code total} parties; writes and a whole search-index build wait, a search answers flagged partial, a tag scan
 * answers within its budget or says how far the read is), {@code REBUILDING} (the saved index
 * failed its checksums: rebuilt from the store, queries wait) or {@code READY}.
 */
public record Readiness(State state, long done, long total) {
    /** Where a view is. */
    public enum State {
        OPENING, SERVING_PARTIAL, REBUILDING, READY
    }

    /** Percent read, 0–100 (100 when there is nothing to read). */
    public int percent() {
        return total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    }
}
