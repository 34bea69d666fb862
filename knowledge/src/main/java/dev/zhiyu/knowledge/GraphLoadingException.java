package dev.zhiyu.knowledge;

/**
 * A question about the whole view (e.g. every company with a tag) asked while the rest of a saved index is still being
 * read, which could not be answered from what is read so far within its time budget: ask again after
 * {@link #retryAfterSeconds()} (an estimate from the background reader's pace). The message says it in Chinese.
 */
public final class GraphLoadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Readiness readiness;
    private final int retryAfterSeconds;

    GraphLoadingException(Readiness readiness, int retryAfterSeconds) {
        super("图谱索引读入中 " + readiness.percent() + "%，请稍候（约 " + retryAfterSeconds + " 秒后重试）");
        this.readiness = readiness;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Where the view was when the question gave up. */
    public Readiness readiness() {
        return readiness;
    }

    /** Seconds until asking again is likely to be answered (1–30). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
