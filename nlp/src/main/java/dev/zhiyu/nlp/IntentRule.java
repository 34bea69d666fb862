package dev.zhiyu.nlp;

import java.util.regex.Pattern;

/**
 * A configured intent rule. {@code pattern} is matched (find, not full match) against the cleaned utterance: simplified,
 * half-width, lower-case, with spaces and punctuation removed. Higher {@code priority} wins; {@code confidence} is the
 * probability reported for a hit.
 */
public record IntentRule(String id, String intent, int priority, Pattern pattern, double confidence) {
    public IntentRule {
        if (!(confidence > 0 && confidence <= 1)) throw new IllegalArgumentException("规则置信度须在 (0,1] 之间：" + confidence);
    }

    /** A rule that fires when any of the keywords occurs. */
    public static IntentRule keywords(String id, String intent, int priority, double confidence, String... keywords) {
        StringBuilder sb = new StringBuilder();
        for (String k : keywords) {
            String c = IntentFeatures.clean(k);
            if (c.isEmpty()) throw new IllegalArgumentException("规则 " + id + " 的关键词为空：「" + k + "」");
            if (!sb.isEmpty()) sb.append('|');
            sb.append(Pattern.quote(c));
        }
        return new IntentRule(id, intent, priority, Pattern.compile(sb.toString()), confidence);
    }

    boolean matches(String cleaned) { return pattern.matcher(cleaned).find(); }
}
