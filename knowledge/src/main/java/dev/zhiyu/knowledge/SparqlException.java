package dev.zhiyu.knowledge;

/** A SPARQL query was rejected (syntax, not read-only, remote SERVICE) or exceeded its timeout. */
public final class SparqlException extends RuntimeException {
    public final boolean timeout;

    public SparqlException(String message, boolean timeout) {
        super(message);
        this.timeout = timeout;
    }
}
