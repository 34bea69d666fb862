package dev.zhiyu.knowledge;

/** A SPARQL query was refused (syntax, not read-only, SERVICE, too heavy), ran out of time, or found no free slot. */
public final class SparqlException extends RuntimeException {
    /** Why: the server answers 400, 408 and 429 respectively. */
    public enum Reason { REJECTED, TIMEOUT, BUSY }

    public final Reason reason;
    /** Kept for callers that only tell timeouts apart. */
    public final boolean timeout;

    public SparqlException(String message, Reason reason) {
        super(message);
        this.reason = reason;
        this.timeout = reason == Reason.TIMEOUT;
    }

    public SparqlException(String message, boolean timeout) {
        this(message, timeout ? Reason.TIMEOUT : Reason.REJECTED);
    }

    static SparqlException rejected(String message) {
        return new SparqlException(message, Reason.REJECTED);
    }
}
