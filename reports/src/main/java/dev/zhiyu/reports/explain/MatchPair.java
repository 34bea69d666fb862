package dev.zhiyu.reports.explain;

/** A (statement, candidate) pair with its label, from one document (for held-out splits). */
public record MatchPair(String document, String statement, String candidate, boolean explains) {
}
