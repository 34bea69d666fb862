package dev.zhiyu.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the caller turns worth an annotator's look: the model was unsure, the bot fell back (asked again or handed
 * over), the caller said the same thing again (the bot likely misheard the first time), or the call ended badly
 * (the last caller turn before it). Most reasons first, then least confident.
 */
public final class AnnotationQueue {
    public static final double LOW_CONFIDENCE = 0.5;
    static final double REPEAT_SIMILARITY = 0.6;
    static final Set<String> FALLBACKS = Set.of("reprompt", "escalate");
    static final Set<String> BAD_ENDINGS = Set.of("escalate", "max_turns", "follow:abuse", "follow:complain_harassment");

    private AnnotationQueue() {
    }

    /** @param turns caller turns of whole sessions; {@code corrected} keys {@code session#turn} are left out */
    public static List<ReviewItem> select(List<ReviewTurn> turns, Set<String> corrected, int limit) {
        Map<String, List<ReviewTurn>> sessions = new LinkedHashMap<>();
        turns.forEach(t -> sessions.computeIfAbsent(t.sessionId(), k -> new ArrayList<>()).add(t));
        List<ReviewItem> out = new ArrayList<>();
        for (List<ReviewTurn> session : sessions.values()) {
            session.sort(Comparator.comparingInt(ReviewTurn::turnIndex));
            for (int i = 0; i < session.size(); i++) {
                ReviewTurn t = session.get(i);
                List<String> reasons = reasons(t, i == 0 ? null : session.get(i - 1), i == session.size() - 1);
                if (!reasons.isEmpty() && !corrected.contains(key(t))) {
                    out.add(new ReviewItem(t, reasons));
                }
            }
        }
        out.sort(Comparator.comparingInt((ReviewItem r) -> -r.reasons().size())
                .thenComparingDouble(r -> r.turn().confidence()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    public static String key(ReviewTurn t) {
        return t.sessionId() + "#" + t.turnIndex();
    }

    private static List<String> reasons(ReviewTurn t, ReviewTurn previous, boolean last) {
        List<String> r = new ArrayList<>();
        if (t.confidence() < LOW_CONFIDENCE) {
            r.add("low_confidence");
        }
        if (FALLBACKS.contains(t.action())) {
            r.add("fallback");
        }
        if (previous != null && similarity(previous.text(), t.text()) >= REPEAT_SIMILARITY) {
            r.add("repeated");
        }
        if (last && BAD_ENDINGS.contains(t.action())) {
            r.add("bad_ending");
        }
        return r;
    }

    /** Dice coefficient over character bigrams (single characters for one-character texts). */
    static double similarity(String a, String b) {
        Set<String> x = grams(a);
        Set<String> y = grams(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        return 2.0 * both.size() / (x.size() + y.size());
    }

    private static Set<String> grams(String s) {
        String t = s.replaceAll("[\\p{P}\\s]", "");
        Set<String> g = new HashSet<>();
        if (t.length() == 1) {
            g.add(t);
        }
        for (int i = 0; i + 2 <= t.length(); i++) {
            g.add(t.substring(i, i + 2));
        }
        return g;
    }
}
