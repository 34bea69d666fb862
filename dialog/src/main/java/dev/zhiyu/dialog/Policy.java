package dev.zhiyu.dialog;

import java.util.Map;

/** Chooses the next system action from the belief; one decision per user turn. */
interface Policy {

    /**
     * @param pendingConfirmation the value last put to the user for confirmation in this stage, or null
     * @param misunderstandings   consecutive turns in this stage that led nowhere
     * @param pendingEnd          the ending last put to the speaker ({@link SystemAction.Kind#CONFIRM_END}), or null
     * @param endQuestions        how many times in a row that ending has been put to the speaker
     * @param abuses              abusive turns so far in the call
     */
    record State(Scenario.Stage stage, BeliefTracker.TurnEvidence evidence, Map.Entry<String, Double> slotTop,
                 String pendingConfirmation, int misunderstandings, SystemAction pendingEnd, int endQuestions,
                 int abuses) {
    }

    SystemAction decide(State state);
}
