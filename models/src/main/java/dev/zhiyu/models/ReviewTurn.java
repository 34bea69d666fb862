package dev.zhiyu.models;

/**
 * A stored caller turn as the annotation queue sees it: what was heard (best hypothesis), the top intent and its
 * probability, and the action the bot took in reply ({@code reprompt}, {@code escalate}, {@code follow:<intent>} …).
 */
public record ReviewTurn(String sessionId, int turnIndex, String scenario, String text, String topIntent,
                         double confidence, String action) {
}
