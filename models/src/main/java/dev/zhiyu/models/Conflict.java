package dev.zhiyu.models;

import java.util.Map;

/** Annotators disagree on a turn (annotator → intent); it stays out of datasets until adjudicated. */
public record Conflict(String purpose, String sessionId, int turnIndex, String text, Map<String, String> intents) {
}
