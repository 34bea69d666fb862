package dev.zhiyu.server.knowledge;

/**
 * Whether a tenant's knowledge graph answers yet: {@code READY}, {@code LOADING} (with the phase and how far it got:
 * {@code done} of {@code total}, total -1 when not known) or {@code FAILED} (with the reason). {@code message} says it in
 * words for the console.
 */
public record GraphReadiness(String state, String phase, long done, long total, String message) {
    public static final String READY = "READY";
    public static final String LOADING = "LOADING";
    public static final String FAILED = "FAILED";
}
