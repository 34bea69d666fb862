package dev.zhiyu.knowledge;

/** Bounds for one SPARQL query: wall-clock timeout and the most rows returned. */
public record SparqlLimits(long timeoutMillis, int maxRows) {
    public static final SparqlLimits DEFAULT = new SparqlLimits(5_000, 1_000);

    public SparqlLimits {
        if (timeoutMillis <= 0 || timeoutMillis > 60_000) {
            throw new InvalidQueryException("timeoutMillis", "超时须在 1–60000 毫秒之间");
        }
        if (maxRows <= 0 || maxRows > 10_000) {
            throw new InvalidQueryException("maxRows", "行数上限须在 1–10000 之间");
        }
    }
}
