package dev.zhiyu.dialog;

import java.util.Map;

/** Chooses the next system action from the belief; one decision per user turn. */
interface Policy {

    /**
     * @param pendingConfirmation the value last put to the user for confirmation in this stage, or null
     * @param misunderstandings   consecutive turns in this stage that led nowhere
     */
    record State(Scenario.Stage stage, BeliefTracker.TurnEvidence evidence, Map.Entry<String, Double> slotTop,
                 String pendingConfirmation, int misunderstandings) {
    }

    SystemAction decide(State state);
}
