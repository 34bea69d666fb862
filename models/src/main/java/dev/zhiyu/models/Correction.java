package dev.zhiyu.models;

import java.time.Instant;
import java.util.Map;

/**
 * An annotator's verdict on one caller turn: the right intent and slot values. Corrections are only ever added; a
 * later one by the same annotator supersedes their earlier one for the turn. {@code adjudicated} settles a conflict.
 */
public record Correction(long id, String purpose, String sessionId, int turnIndex, String text, String intent,
                         Map<String, String> slots, String annotator, boolean adjudicated, Instant createdAt) {
    public Correction {
        slots = Map.copyOf(slots);
    }

    String turnKey() {
        return sessionId + "#" + turnIndex;
    }
}
