package dev.zhiyu.dialog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One conversation over one scenario: NLU → N-best DST → policy → NLG per turn. Thread-safe per session. */
final class ScenarioSession implements DialogSession {
    static final int MAX_HYPOTHESES = 10;
    /** The prompt that asks for the missing part of a time ("{callback_partial}几点方便？"), when the scenario has it. */
    static final String ASK_TIME = "ask_callback_hour";
    /** A turn phrased as a question. */
    private static final java.util.regex.Pattern QUESTION = java.util.regex.Pattern.compile(
            "[吗呢？?]\\s*$|什么|怎么|为什么|为啥|多久|几点|哪些|哪个|要不要|是不是|能不能|会不会|可不可以|在不在|多少");

    /** Generic intents that state something rather than ask: a question read as one of them was misread. */
    private static final java.util.Set<String> STATEMENTS = java.util.Set.of("busy", "wrong_person", "already_done",
            "not_interested", "affirm", "deny", "goodbye", "hold_on");

    private final SessionRequest request;
    private final Scenario scenario;
    private final ScenarioNlu nlu;
    private final BeliefTracker tracker;
    private final Policy policy;
    private final TemplateNlg nlg;
    private final TurnListener listener;
    private final KnowledgeAnswers knowledge;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> filled = new LinkedHashMap<>();
    private final CallbackTimeState time = new CallbackTimeState();
    /** The text of this turn's best hypothesis. */
    private String heardText;

    private Scenario.Stage stage;
    private String pendingConfirmation;
    /** The ending put to the speaker last turn (the policy's {@code CONFIRM_END}), or null. */
    private SystemAction pendingEnd;
    private int endQuestions;
    private String lastPromptKey;
    private int misunderstandings;
    private int silences;
    private int abuses;
    private int turns;
    private String outcomeLabel;
    private boolean ended;
    private Outcome outcome;

    ScenarioSession(SessionRequest request, Scenario scenario, ScenarioNlu nlu, boolean oneBest,
                    Map<String, Scenario.Transition> handlers, TurnListener listener, java.net.http.HttpClient http,
                    KnowledgeAnswers knowledge) {
        this.request = request;
        this.scenario = scenario;
        this.nlu = nlu;
        this.tracker = new BeliefTracker(oneBest);
        this.policy = new RulePolicy(scenario, handlers);
        this.nlg = new TemplateNlg(scenario, http);
        this.listener = listener;
        this.knowledge = knowledge;
        this.values.putAll(SessionVariables.resolve(scenario, request.variables()));
        this.stage = scenario.stages().get(0);
    }

    @Override
    public String id() {
        return request.sessionId();
    }

    @Override
    public synchronized BotTurn start() {
        String text = say(stage.prompt());
        return record(List.of(), "", Map.of(), "start", text, List.of(), Map.of());
    }

    @Override
    public synchronized BotTurn hear(UserInput input) {
        if (ended) {
            return new BotTurn("", false, List.of(new BotAction.HangUp()));
        }
        turns++;
        silences = 0;
        if (turns > scenario.limits().maxTurns()) {
            return finish("too_many_turns", null, "C", "max_turns", List.of(), Map.of());
        }
        List<UserInput.Hypothesis> nbest = sanitize(input.nbest());
        Map<String, Long> micros = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Scenario.Slot slot = currentSlot();
        // The answer to "您是说…，对吗？" is not a problem description ("对的" looks like 验证码不对)
        Scenario.Slot readFor = pendingEnd != null && slot != null && slot.type().equals(Scenario.Slot.PROBLEM) ? null
                : slot;
        List<Understanding> readings = new ArrayList<>();
        for (UserInput.Hypothesis h : nbest) {
            readings.add(nlu.understand(h.text(), values.get("stop_step"), readFor, time.said()));
        }
        heardText = nbest.isEmpty() ? null : nbest.get(0).text();
        time.hear(slot, heardText, readings);
        if (!input.dtmf().isEmpty()) {
            nbest = new ArrayList<>(nbest);
            nbest.add(0, new UserInput.Hypothesis(input.dtmf(), 1.0));
            readings.add(0, Dtmf.understand(input.dtmf()));
        }
        long t1 = System.nanoTime();
        BeliefTracker.TurnEvidence evidence = tracker.update(nbest, readings, readFor);
        if (pendingConfirmation != null && slot != null && pendingEnd == null) {
            double yes = evidence.intent("affirm");
            double no = Math.max(evidence.intent("deny"), evidence.rejection());
            tracker.confirm(slot.name(), pendingConfirmation, yes, no);
            if (no > yes) {
                pendingConfirmation = null;
            }
        }
        long t2 = System.nanoTime();
        if (heardText != null && InvestmentAdvice.asks(heardText)) {
            String refusal = scenario.prompts().containsKey(InvestmentAdvice.PROMPT) ? say(InvestmentAdvice.PROMPT)
                    : InvestmentAdvice.REPLY;
            return record(nbest, input.dtmf(), evidence.intents(), "no_advice", refusal + say(stage.resumePrompt()), List.of(),
                    micros);
        }
        SystemAction action = policy.decide(new Policy.State(stage, evidence,
                slot == null ? null : tracker.top(slot.name()), pendingConfirmation, misunderstandings, pendingEnd,
                endQuestions, abuses));
        java.util.Optional<String> known = questionAnsweredInstead(action);
        if (known.isPresent()) { // an off-script question answered, then back to this step
            pendingEnd = null;
            endQuestions = 0;
            return record(nbest, input.dtmf(), evidence.intents(), "faq", known.get() + say(stage.resumePrompt()),
                    List.of(), micros);
        }
        if (action.kind() == SystemAction.Kind.CONFIRM_END) {
            pendingEnd = action;
            endQuestions++;
            pendingConfirmation = null;
        } else {
            pendingEnd = null;
            endQuestions = 0;
        }
        long t3 = System.nanoTime();
        micros.put("nlu", (t1 - t0) / 1000);
        micros.put("dst", (t2 - t1) / 1000);
        micros.put("policy", (t3 - t2) / 1000);
        return apply(action, nbest, input.dtmf(), evidence.intents(), micros);
    }

    /** Entering a stage that asks for a time with one just said: it is confirmed, or its missing part asked, at once. */
    private BotTurn timeAlreadySaid(SystemAction a, List<UserInput.Hypothesis> heard, String dtmf,
                                    Map<String, Double> intents, Map<String, Long> micros) {
        Scenario.Slot slot = currentSlot();
        CallbackTimes.Reading carried = time.carriedInto(slot, heardText);
        if (carried == null) {
            return null;
        }
        if (carried instanceof CallbackTimes.At at) {
            pendingConfirmation = CallbackTimes.iso(at).get(0);
            return speak(a, at.note() + say("confirm_" + slot.name()), heard, dtmf, intents, micros);
        }
        return speak(a, askForTime(), heard, dtmf, intents, micros);
    }

    @Override
    public synchronized BotTurn silence() {
        if (ended) {
            return new BotTurn("", false, List.of(new BotAction.HangUp()));
        }
        silences++;
        if (silences > scenario.limits().maxReprompts()) {
            return finish("no_input_bye", null, "D", "no_input", List.of(), Map.of());
        }
        String text = say("no_input") + say(stage.resumePrompt());
        return record(List.of(), "", Map.of(), "no_input", text, List.of(), Map.of());
    }

    @Override
    public synchronized Outcome end(EndReason reason) {
        if (!ended) {
            ended = true;
            if (outcomeLabel == null) {
                outcomeLabel = defaultLabel();
            }
        }
        if (outcome == null) {
            Map<String, String> slots = new LinkedHashMap<>(filled);
            outcome = new Outcome(outcomeLabel, slots, turns);
            listener.ended(request.tenant(), request.sessionId(), outcome);
        }
        return outcome;
    }

    private String defaultLabel() {
        return stage == scenario.stages().get(0) ? "D" : "C";
    }

    private BotTurn apply(SystemAction a, List<UserInput.Hypothesis> heard, String dtmf, Map<String, Double> intents,
                          Map<String, Long> micros) {
        long t0 = System.nanoTime();
        BotTurn turn = switch (a.kind()) {
            case FOLLOW -> follow(a, heard, dtmf, intents, micros);
            case CONFIRM -> {
                pendingConfirmation = a.value();
                String note = time.noteFor(a.value());
                yield speak(a, note + say("confirm_" + currentSlot().name()), heard, dtmf, intents, micros);
            }
            case REPROMPT -> {
                if (time.toAsk() != null) { // not misunderstood: the time is not complete yet
                    yield speak(a, askForTime(), heard, dtmf, intents, micros);
                }
                java.util.Optional<String> answer = heardText == null ? java.util.Optional.empty()
                        : knowledge.answer(heardText);
                if (answer.isPresent()) { // an off-script question answered, then back to this step
                    yield record(heard, dtmf, intents, "faq", answer.get() + say(stage.resumePrompt()), List.of(), micros);
                }
                misunderstandings++;
                yield speak(a, say(stage.reprompt() != null ? stage.reprompt() : stage.prompt()), heard, dtmf, intents, micros);
            }
            case REPEAT -> speak(a, say(lastPromptKey.equals(stage.prompt()) ? stage.resumePrompt() : lastPromptKey), heard,
                    dtmf, intents, micros);
            case WAIT -> speak(a, say("hold_on"), heard, dtmf, intents, micros);
            case CONFIRM_END -> record(heard, dtmf, intents, EndingCheck.asksIdentity(a.transition())
                    ? EndingCheck.IDENTITY_LABEL : "confirm_end", EndingCheck.question(a.transition(), scenario,
                    this::say, template -> nlg.fillText(template, values), values), List.of(), micros);
            case RESUME -> speak(a, EndingCheck.goingOn(scenario, this::say) + say(stage.resumePrompt()), heard, dtmf,
                    intents, micros);
            case ESCALATE -> finish("escalate", "transfer:agents", null, "escalate", heard, intents);
        };
        micros.put("nlg", (System.nanoTime() - t0) / 1000);
        return turn;
    }

    private BotTurn follow(SystemAction a, List<UserInput.Hypothesis> heard, String dtmf, Map<String, Double> intents,
                           Map<String, Long> micros) {
        Scenario.Transition t = a.transition();
        if (a.value() != null) {
            fill(currentSlot(), a.value());
        }
        if (t.ends()) {
            String before = t.prompt() == null ? "" : say(t.prompt());
            return finishWith(before, t.end(), t.action(), t.outcome(), "follow:" + a.trigger(), heard, intents);
        }
        if (t.reply() != null) {
            if (a.trigger().equals("abuse")) {
                abuses++;
            }
            return speak(a, say(t.reply()) + say(stage.resumePrompt()), heard, dtmf, intents, micros);
        }
        stage = scenario.stage(t.gotoStage());
        pendingConfirmation = null;
        time.newStage();
        BotTurn confirmOrAsk = timeAlreadySaid(a, heard, dtmf, intents, micros);
        if (confirmOrAsk != null) {
            return confirmOrAsk;
        }
        misunderstandings = 0;
        return speak(a, say(t.prompt() != null ? t.prompt() : stage.prompt()), heard, dtmf, intents, micros);
    }

    /**
     * A question the FAQ answers that the policy would otherwise take for something it only guessed: a problem
     * ("视频要准备些什么", "在别家开过还能开吗" share the step's words) or, unless an ending question is open, a
     * statement intent the model read into it ("我上次填了一半的还在不在" → busy, from 不在, at any confidence: the
     * model learnt 不在 from statements). A high-precision rule's reading ("我在开车，能晚点吗") stands; global handlers
     * (human, opt-out, abuse, robot) and the scenario's own intents are never pre-empted.
     */
    private java.util.Optional<String> questionAnsweredInstead(SystemAction a) {
        if (heardText == null || !QUESTION.matcher(heardText).find()) {
            return java.util.Optional.empty();
        }
        Scenario.Slot slot = currentSlot();
        boolean problem = slot != null && slot.type().equals(Scenario.Slot.PROBLEM) && a.value() != null;
        boolean guessed = pendingEnd == null && a.value() == null && STATEMENTS.contains(a.trigger())
                && (a.kind() == SystemAction.Kind.FOLLOW || a.kind() == SystemAction.Kind.CONFIRM_END);
        return problem || guessed && !nlu.ruled(heardText) ? knowledge.answer(heardText) : java.util.Optional.empty();
    }

    /** "好的，后天下午几点方便呢？", or the stage's question again when nothing usable was said ("晚点吧"). */
    private String askForTime() {
        String known = time.toAsk();
        if (known.isEmpty() || !scenario.prompts().containsKey(ASK_TIME)) {
            return say(stage.prompt());
        }
        values.put("callback_partial", known);
        return say(ASK_TIME);
    }

    private void fill(Scenario.Slot slot, String value) {
        filled.put(slot.name(), value);
        if (slot.type().equals("problem")) {
            Scenario.Problem p = scenario.problem(value);
            values.put("answer", p.answer());
            values.put("problem_label", p.label());
        } else {
            values.put(slot.name(), value);
        }
    }

    private BotTurn finish(String prompt, String action, String label, String trigger, List<UserInput.Hypothesis> heard,
                           Map<String, Double> intents) {
        return finishWith("", prompt, action, label, trigger, heard, intents);
    }

    private BotTurn finishWith(String before, String prompt, String action, String label, String trigger,
                               List<UserInput.Hypothesis> heard, Map<String, Double> intents) {
        List<BotAction> actions = new ArrayList<>();
        if (action != null) {
            actions.add(ChannelActions.parse(action));
            filled.put(ChannelActions.flag(action), ChannelActions.detail(action));
        }
        if (actions.stream().noneMatch(x -> x instanceof BotAction.Transfer)) {
            actions.add(new BotAction.HangUp());
        }
        if (label != null) {
            outcomeLabel = label;
        }
        String text = before + say(prompt);
        ended = true;
        if (outcomeLabel == null) {
            outcomeLabel = defaultLabel();
        }
        return record(heard, "", intents, trigger, text, actions, Map.of());
    }

    private BotTurn speak(SystemAction a, String text, List<UserInput.Hypothesis> heard, String dtmf,
                          Map<String, Double> intents, Map<String, Long> micros) {
        String label = a.kind() == SystemAction.Kind.FOLLOW ? "follow:" + a.trigger() : a.kind().name().toLowerCase();
        return record(heard, dtmf, intents, label, text, List.of(), micros);
    }

    private String say(String promptKey) {
        Map<String, String> v = new HashMap<>(values);
        Scenario.Slot slot = currentSlot();
        if (promptKey.startsWith("confirm_") && pendingConfirmation != null && slot != null) {
            if (slot.type().equals("problem")) {
                v.put("problem_label", scenario.problem(pendingConfirmation).label());
            } else {
                v.put(slot.name(), pendingConfirmation);
            }
        }
        if (!promptKey.startsWith("confirm_") && !promptKey.equals("no_input")) {
            lastPromptKey = promptKey;
        }
        return nlg.render(promptKey, v);
    }

    private Scenario.Slot currentSlot() {
        if (stage.slot() == null) {
            return null;
        }
        return scenario.slots().stream().filter(s -> s.name().equals(stage.slot())).findFirst().orElseThrow();
    }

    private static List<UserInput.Hypothesis> sanitize(List<UserInput.Hypothesis> nbest) {
        List<UserInput.Hypothesis> out = new ArrayList<>();
        for (UserInput.Hypothesis h : nbest) {
            if (h != null && h.text() != null && !Utterances.clean(h.text()).isEmpty() && out.size() < MAX_HYPOTHESES) {
                out.add(new UserInput.Hypothesis(Utterances.bounded(h.text()), h.confidence()));
            }
        }
        return out;
    }

    private BotTurn record(List<UserInput.Hypothesis> heard, String dtmf, Map<String, Double> intents, String action,
                           String text, List<BotAction> actions, Map<String, Long> micros) {
        BotTurn turn = new BotTurn(text, !ended, actions);
        listener.turn(new TurnRecord(request.tenant(), scenario.id(), request.sessionId(), turns, stage.id(), heard,
                dtmf, topIntents(intents), tracker.snapshot(), action, text, actions, micros));
        if (ended) {
            end(EndReason.BOT_HUNG_UP);
        }
        return turn;
    }

    private static Map<String, Double> topIntents(Map<String, Double> intents) {
        Map<String, Double> top = new LinkedHashMap<>();
        intents.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0));
        return top;
    }
}
