package dev.zhiyu.nlp;

/** One hypothesis of an N-best intent list; {@code source} is "rule:&lt;id&gt;", "maxent" or "neural". */
public record IntentScore(String intent, double probability, String source) {
    @Override public String toString() { return String.format("%s %.3f (%s)", intent, probability, source); }
}
