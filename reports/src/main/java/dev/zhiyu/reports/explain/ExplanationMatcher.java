package dev.zhiyu.reports.explain;

import java.util.List;

/**
 * Scores how well candidate sentences explain an anomaly statement, in [0, 1]; ≥ 0.5 means "explains it".
 * Candidates are scored together because a matcher may compare them with each other (the same document's reasons).
 */
public interface ExplanationMatcher {
    double[] scoreAll(String statement, List<String> candidates);

    String name();

    default double score(String statement, String candidate) {
        return scoreAll(statement, List.of(candidate))[0];
    }

    /** The keyword baseline: does the candidate name the statement's subject? */
    static ExplanationMatcher keywords() { return new KeywordMatcher(); }
}
