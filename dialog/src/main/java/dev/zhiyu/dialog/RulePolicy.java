package dev.zhiyu.dialog;

import java.util.Map;
import java.util.Set;

/**
 * Thresholded rules over the belief: take a slot value when sure, confirm it when unsure, follow the stage's and
 * then the global handlers' transition for a clear intent, otherwise ask again and escalate after repeats. An ending
 * that loses the call (wrong person, opt-out, abuse, not convenient) is taken at once only above the scenario's
 * {@code end_call} threshold; below it the ending is put to the speaker: yes ends, no goes back to the step, anything
 * else is asked once more and then the script goes on. Never an ending on a guess.
 */
final class RulePolicy implements Policy {
    /** An intent must reach this (after combining hypotheses) to be acted on. */
    static final double INTENT_THRESHOLD = 0.4;
    static final double EXPECTED_THRESHOLD = 0.2;
    static final double EXPECTED_RATIO = 0.75;
    private static final Set<String> REPEAT_INTENTS = Set.of("ask_repeat", "can_you_hear", "hurry");
    private static final Set<String> YES_NO = Set.of("affirm", "deny");
    private static final Set<String> SOFT_ENDINGS = Set.of("not_interested", "goodbye");
    /**
     * What a turn asks for besides its yes or no ("是我，但我在开车", "对，不过我要找人工", "好的，你们别再打了"): these
     * change the call's course and are followed, the yes being taken as said. Not among them: 你说/怎么了 (ask_purpose,
     * hurry), 喂 (can_you_hear), goodbyes, which a yes simply precedes.
     */
    private static final java.util.List<String> PRECEDES_YES_NO = java.util.List.of("request_human",
            "complain_harassment", "abuse", "busy", "hold_on", "not_interested", "suspect_fraud", "ask_is_robot",
            "ask_number_source", "ask_identity", "already_done");
    /** A second abusive turn ends the call (the first is answered and the step goes on). */
    private static final Scenario.Transition ABUSE_END = new Scenario.Transition(null, "abuse_bye", null, null, null, "C");

    private final Scenario scenario;
    private final Map<String, Scenario.Transition> handlers;

    RulePolicy(Scenario scenario, Map<String, Scenario.Transition> handlers) {
        this.scenario = scenario;
        this.handlers = handlers;
    }

    @Override
    public SystemAction decide(State s) {
        if (s.pendingEnd() != null) {
            return afterEndQuestion(s);
        }
        SystemAction alone = decideAlone(s);
        return needsCheck(alone, s.evidence()) ? new SystemAction(SystemAction.Kind.CONFIRM_END, alone.trigger(),
                alone.transition(), null) : alone;
    }

    /**
     * The answer to "您是说…，对吗？": the ending, what else the turn asks for ("不是，明天上午再打吧", "转人工"), the step
     * again, or (no answer) the question once more.
     */
    private SystemAction afterEndQuestion(State s) {
        if (EndingCheck.asksIdentity(s.pendingEnd().transition())) {
            return afterIdentityQuestion(s);
        }
        BeliefTracker.TurnEvidence ev = s.evidence();
        double yes = ev.intent("affirm");
        double no = Math.max(ev.intent("deny"), ev.rejection());
        SystemAction pending = s.pendingEnd();
        if (yes >= scenario.thresholds().accept() && yes > no) { // a filler read as 对 must not end the call
            return SystemAction.follow(pending.trigger(), pending.transition(), null);
        }
        SystemAction rest = somethingElse(s);
        if (rest != null) {
            return rest;
        }
        if (no >= EXPECTED_THRESHOLD) {
            return SystemAction.of(SystemAction.Kind.RESUME, pending.trigger());
        }
        return askAgainOrGoOn(s);
    }

    /**
     * The answer to "请问您是王先生本人吗？" (the wrong-person check): yes (是我, 我就是, 本人) confirms the identity and
     * the step goes on as after its own yes; no (不是, 打错了) is the wrong-person ending; anything else as for the
     * other checks. A weak yes is enough, since it keeps the call; a no must reach {@code accept}, since it ends it.
     */
    private SystemAction afterIdentityQuestion(State s) {
        BeliefTracker.TurnEvidence ev = s.evidence();
        double yes = ev.intent("affirm");
        double no = Math.max(Math.max(ev.intent("deny"), ev.intent("wrong_person")), ev.rejection());
        SystemAction pending = s.pendingEnd();
        if (yes >= EXPECTED_THRESHOLD && yes > no && besidesYesNo(ev) != null) { // "是我，不过在开车"
            SystemAction rest = somethingElse(s);
            if (rest != null) {
                return rest;
            }
        }
        if (yes >= EXPECTED_THRESHOLD && yes > no) {
            return identityConfirmed(s.stage());
        }
        if (no >= scenario.thresholds().accept()) {
            return SystemAction.follow(pending.trigger(), pending.transition(), null);
        }
        SystemAction rest = somethingElse(s);
        return rest != null ? rest : askAgainOrGoOn(s);
    }

    /** The stage's own yes when it moves the call on (identify → ask_problem); one that ends it answers another question. */
    private static SystemAction identityConfirmed(Scenario.Stage stage) {
        Scenario.Transition affirm = stage.on().get("affirm");
        return affirm != null && !affirm.ends() ? SystemAction.follow("affirm", affirm, null)
                : SystemAction.of(SystemAction.Kind.RESUME, "affirm");
    }

    /** What the answer asks for besides yes or no ("不是，明天上午再打吧", "转人工"), or null. */
    private SystemAction somethingElse(State s) {
        SystemAction rest = decideAlone(withoutYesNo(s));
        boolean saidSomethingElse = switch (rest.kind()) {
            case FOLLOW, CONFIRM, WAIT -> true;
            default -> false;
        };
        return saidSomethingElse && !needsCheck(rest, s.evidence()) ? rest : null;
    }

    private static SystemAction askAgainOrGoOn(State s) {
        SystemAction pending = s.pendingEnd();
        return s.endQuestions() < 2 ? new SystemAction(SystemAction.Kind.CONFIRM_END, pending.trigger(),
                pending.transition(), null) : SystemAction.of(SystemAction.Kind.RESUME, pending.trigger());
    }

    /** The turn with its answer to the yes/no question taken out (called while an ending question is open). */
    private static State withoutYesNo(State s) {
        BeliefTracker.TurnEvidence ev = s.evidence();
        Map<String, Double> rest = new java.util.HashMap<>(ev.intents());
        rest.remove("affirm");
        rest.remove("deny");
        if (EndingCheck.asksIdentity(s.pendingEnd().transition())) { // its no
            rest.remove("wrong_person");
        }
        return new State(s.stage(), new BeliefTracker.TurnEvidence(rest, ev.slotEvidence(), ev.slotMass(), 0),
                s.slotTop(), s.pendingConfirmation(), s.misunderstandings(), null, 0, s.abuses());
    }

    /**
     * An ending that loses the call, decided on less than {@code end_call} confidence. Endings with a result (a
     * transfer, an SMS, outcome A, a slot filled) need no check.
     */
    private boolean needsCheck(SystemAction a, BeliefTracker.TurnEvidence ev) {
        if (a.kind() != SystemAction.Kind.FOLLOW || !a.transition().ends() || a.trigger().equals("filled")) {
            return false;
        }
        Scenario.Transition t = a.transition();
        boolean result = "A".equals(t.outcome()) || t.action() != null && !t.action().equals("opt_out");
        return !result && ev.intent(a.trigger()) < scenario.thresholds().endCall();
    }

    private SystemAction decideAlone(State s) {
        BeliefTracker.TurnEvidence ev = s.evidence();
        String intent = chooseIntent(s.stage(), ev);
        double intentP = ev.intent(intent);
        if (s.pendingConfirmation() != null && s.slotTop() != null && s.slotTop().getKey().equals(s.pendingConfirmation())
                && s.slotTop().getValue() >= scenario.thresholds().accept()) {
            return filled(s);
        }
        double threshold = s.stage().on().containsKey(intent) ? EXPECTED_THRESHOLD : INTENT_THRESHOLD;
        boolean intentWins = intentP >= threshold && intentP > ev.slotMass() && !intent.equals("other");
        if (!intentWins && s.stage().slot() != null && s.slotTop() != null) {
            if (s.slotTop().getValue() >= scenario.thresholds().accept()) {
                return mustConfirm(s.stage()) ? new SystemAction(SystemAction.Kind.CONFIRM, "slot", null, s.slotTop().getKey())
                        : filled(s);
            }
            if (ev.slotMass() > 0 && s.slotTop().getValue() >= scenario.thresholds().confirm()) {
                return new SystemAction(SystemAction.Kind.CONFIRM, "slot", null, s.slotTop().getKey());
            }
        }
        if (intentWins) {
            SystemAction byIntent = byIntent(s.stage(), intent);
            if (byIntent != null && intent.equals("abuse") && byIntent.transition() != null
                    && byIntent.transition().reply() != null && s.abuses() >= 1) {
                return SystemAction.follow(intent, ABUSE_END, null);
            }
            if (byIntent != null) {
                return byIntent;
            }
        }
        return s.misunderstandings() >= scenario.limits().maxMisunderstandings()
                ? SystemAction.of(SystemAction.Kind.ESCALATE, intent)
                : SystemAction.of(SystemAction.Kind.REPROMPT, intent);
    }

    /**
     * The stage gives context: an intent the stage expects (one of its transitions) needs less evidence than one it
     * does not, as long as it is nearly as likely as the overall best.
     */
    private static String chooseIntent(Scenario.Stage stage, BeliefTracker.TurnEvidence ev) {
        String top = ev.topIntent();
        double topP = ev.intent(top);
        String chosen = ev.intents().entrySet().stream()
                .filter(e -> stage.on().containsKey(e.getKey()) && e.getValue() >= EXPECTED_THRESHOLD
                        && e.getValue() >= EXPECTED_RATIO * topP)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(top);
        String besides = YES_NO.contains(chosen) ? besidesYesNo(ev) : null;
        if (besides != null) {
            return besides;
        }
        // "不需要，别再给我打电话了": a turn that also asks not to be called again is an opt-out, not a mere no-thanks
        boolean alsoOptOut = SOFT_ENDINGS.contains(chosen) && ev.intent("complain_harassment") >= INTENT_THRESHOLD
                && ev.intent("complain_harassment") >= EXPECTED_RATIO * ev.intent(chosen);
        return alsoOptOut ? "complain_harassment" : chosen;
    }

    /** The clearest intent of {@link #PRECEDES_YES_NO} the turn also carries, or null. */
    private static String besidesYesNo(BeliefTracker.TurnEvidence ev) {
        String best = null;
        for (String i : PRECEDES_YES_NO) {
            if (ev.intent(i) >= INTENT_THRESHOLD && (best == null || ev.intent(i) > ev.intent(best))) {
                best = i;
            }
        }
        return best;
    }

    /** A slot marked {@code confirm: true} is put to the speaker before it is taken, however sure the belief. */
    private boolean mustConfirm(Scenario.Stage stage) {
        return scenario.slots().stream().anyMatch(slot -> slot.name().equals(stage.slot()) && slot.confirm());
    }

    private SystemAction filled(State s) {
        Scenario.Transition t = s.stage().on().get("filled");
        return t == null ? SystemAction.of(SystemAction.Kind.REPROMPT, "filled")
                : SystemAction.follow("filled", t, s.slotTop().getKey());
    }

    private SystemAction byIntent(Scenario.Stage stage, String intent) {
        Scenario.Transition t = stage.on().get(intent);
        if (t == null) {
            t = handlers.get(intent);
        }
        if (t != null) {
            return SystemAction.follow(intent, t, null);
        }
        if (REPEAT_INTENTS.contains(intent)) {
            return SystemAction.of(SystemAction.Kind.REPEAT, intent);
        }
        if (intent.equals("hold_on")) {
            return SystemAction.of(SystemAction.Kind.WAIT, intent);
        }
        return null;
    }
}
