package dev.zhiyu.dialog;

import java.util.Optional;

/**
 * Answers a question the scenario does not script ("开户收费吗"), so the dialog can answer it and return to its step;
 * empty when there is no answer good enough to say on a call.
 */
public interface KnowledgeAnswers {
    KnowledgeAnswers NONE = question -> Optional.empty();

    Optional<String> answer(String question);
}
