package dev.zhiyu.dialog;

/**
 * The policy's choice for one turn, from an explicit action set so a learned policy can replace the rules.
 *
 * @param transition for FOLLOW: the scenario transition taken (goto, end, reply)
 * @param value      for CONFIRM and FOLLOW on {@code filled}: the slot value concerned
 */
record SystemAction(Kind kind, String trigger, Scenario.Transition transition, String value) {

    enum Kind {
        /** Take a scenario transition (stage change, end with prompt, reply and stay). */
        FOLLOW,
        /** Put the most likely slot value to the user. */
        CONFIRM,
        /** Ask again for what the stage needs. */
        REPROMPT,
        /** Say the last prompt again, rephrased (did not hear / can you hear me). */
        REPEAT,
        /** Too many misunderstandings: hand over to a human. */
        ESCALATE,
        /** The user asked to wait: acknowledge and keep listening. */
        WAIT,
        /** An ending the policy is not sure of (the transition in {@code transition}): ask the speaker before it. */
        CONFIRM_END,
        /** An ending the speaker denied, or never confirmed: go back to the step the call was at. */
        RESUME
    }

    static SystemAction follow(String trigger, Scenario.Transition t, String value) {
        return new SystemAction(Kind.FOLLOW, trigger, t, value);
    }

    static SystemAction of(Kind kind, String trigger) {
        return new SystemAction(kind, trigger, null, null);
    }
}
