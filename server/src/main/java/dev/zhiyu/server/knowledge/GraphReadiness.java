package dev.zhiyu.server.knowledge;

/**
 * Whether a tenant's knowledge graph answers yet: {@code LOADING} (opening, with the phase and how far it got:
 * {@code done} of {@code total}, total -1 when not known), {@code SERVING_PARTIAL} (queries answered while the rest of
 * the saved index is read: {@code done} of {@code total} parties; imports wait, search answers flagged partial, a tag
 * scan may answer 503 with Retry-After), {@code REBUILDING} (the
 * saved index was damaged and is rebuilt from the store; queries wait), {@code READY} or {@code FAILED} (with the
 * reason). {@code message} says it in words for the console.
 */
public record GraphReadiness(String state, String phase, long done, long total, String message) {
    public static final String READY = "READY";
    public static final String LOADING = "LOADING";
    public static final String SERVING_PARTIAL = "SERVING_PARTIAL";
    public static final String REBUILDING = "REBUILDING";
    public static final String FAILED = "FAILED";
}
