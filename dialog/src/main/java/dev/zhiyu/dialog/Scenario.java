package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;

/**
 * A validated scenario: what the bot knows and how the conversation moves. Loaded from YAML by
 * {@link ScenarioLoader}; immutable, so a hot reload swaps whole scenarios and live sessions keep theirs.
 */
public record Scenario(String id, String name, Map<String, String> constants, List<Variable> variables,
                       Map<String, String> steps, List<Slot> slots, Limits limits, Thresholds thresholds, List<Problem> problems,
                       List<ExampleIntent> intents, Map<String, List<String>> prompts, List<Stage> stages,
                       Map<String, Transition> handlers, List<Function> functions) {

    /** The same scenario with other thresholds. */
    public Scenario withThresholds(Thresholds t) {
        return new Scenario(id, name, constants, variables, steps, slots, limits, t, problems, intents, prompts, stages,
                handlers, functions);
    }

    /**
     * An HTTP call whose result fills the placeholder {@code {fn_<id>}} of a prompt. The URL may hold placeholders
     * (URL-encoded when filled); {@code result} names the JSON field of the response to use (the whole body when
     * null). After {@code timeoutMs} × (1 + {@code retries}) without an answer, the {@code fallback} prompt is said
     * instead of the prompt that needed the value.
     */
    public record Function(String id, String url, String method, int timeoutMs, int retries, String result,
                           String fallback) {
    }

    /**
     * A value that arrives with the call (an outbound call brings its lead's list columns). {@code required}: the call
     * must bring it; otherwise a missing value takes {@code defaultValue} (or ""). {@code allowed}, when not empty, is
     * every value the scenario accepts. The one rule of what a call may bring: sessions and list checks both use
     * {@link #refusal}.
     */
    public record Variable(String name, boolean required, String defaultValue, List<String> allowed) {

        /** The value a session uses for what the call brought ({@code given} null or blank: not brought). */
        public String valueFor(String given) {
            if (given == null || given.isBlank()) {
                return defaultValue == null ? "" : defaultValue;
            }
            return Utterances.bounded(given);
        }

        /** Why a call bringing {@code given} (null or blank: nothing) cannot start, in Chinese; null when it can. */
        public String refusal(String given) {
            if (required && (given == null || given.isBlank())) {
                return "缺少必填变量 " + name;
            }
            String value = valueFor(given);
            if (!allowed.isEmpty() && !allowed.contains(value)) {
                return "变量 " + name + " 的值「" + value + "」不在允许范围 " + allowed + " 内";
            }
            return null;
        }
    }

    /**
     * A slot the dialog fills; {@code type} is {@code problem} (one of the problems), {@code datetime}, or
     * {@code entity}: the values the session's slot recogniser finds of type {@code entity} (null for the others).
     */
    public record Slot(String name, String type, boolean confirm, String entity) {
        public static final String PROBLEM = "problem";
        public static final String DATETIME = "datetime";
        public static final String ENTITY = "entity";

        public Slot(String name, String type, boolean confirm) {
            this(name, type, confirm, null);
        }
    }

    /**
     * @param callbackFrom  the earliest time of day a callback may be agreed for (a later one is moved, see
     *                      {@code callback_window})
     * @param callbackUntil the latest such time
     */
    public record Limits(int maxTurns, int maxReprompts, int maxMisunderstandings, long silenceTimeoutMs,
                         long maxDurationMs, java.time.LocalTime callbackFrom, java.time.LocalTime callbackUntil) {
    }

    /**
     * Belief thresholds: at or above {@code accept} a slot value is taken, at or above {@code confirm} it is confirmed
     * first. {@code endCall}: an intent that would end the call without its goal (wrong person, opt-out, abuse, not
     * convenient) acts at once only at or above this; below it the ending is put to the speaker first.
     * {@code explicit}: the keys the scenario set itself ({@code accept}, {@code confirm}, {@code end_call}); the others
     * are defaults that an intent model's stored calibration replaces ({@link #calibratedBy}).
     */
    public record Thresholds(double accept, double confirm, double endCall, java.util.Set<String> explicit) {
        /** Read off the separately written calibration set for the default model (see dialog/README.md). */
        public static final double DEFAULT_END_CALL = 0.85;
        static final java.util.Set<String> KEYS = java.util.Set.of("accept", "confirm", "end_call");

        public Thresholds {
            explicit = java.util.Set.copyOf(explicit);
        }

        public Thresholds(double accept, double confirm, double endCall) {
            this(accept, confirm, endCall, KEYS);
        }

        public Thresholds(double accept, double confirm) {
            this(accept, confirm, DEFAULT_END_CALL);
        }

        /**
         * The model's calibrated thresholds where the scenario set none (act → accept, confirm → confirm, end_call →
         * end_call); an explicit YAML value wins. Unchanged when the result would break 0 < confirm < accept ≤ 1.
         */
        public Thresholds calibratedBy(dev.zhiyu.nlp.IntentCalibration c) {
            double a = explicit.contains("accept") ? accept : c.act();
            double f = explicit.contains("confirm") ? confirm : c.confirm();
            double e = explicit.contains("end_call") ? endCall : c.endCall();
            boolean valid = 0 < f && f < a && a <= 1 && 0 < e && e <= 1;
            return valid ? new Thresholds(a, f, e, explicit) : this;
        }

        /** Which value came from where, for the log line (Chinese, one line). */
        String describe(String modelSource) {
            return String.format(java.util.Locale.ROOT, "accept=%.3f（%s），confirm=%.3f（%s），end_call=%.3f（%s）",
                    accept, from("accept", modelSource), confirm, from("confirm", modelSource), endCall,
                    from("end_call", modelSource));
        }

        private String from(String key, String modelSource) {
            return explicit.contains(key) ? "场景 YAML" : modelSource;
        }
    }

    /** A typical problem at one step: recognised from its examples, answered with {@code answer}. */
    public record Problem(String id, String step, String label, List<String> examples, String answer) {
    }

    /** A scenario-specific intent recognised from examples (the generic outbound intents come from the model). */
    public record ExampleIntent(String id, List<String> examples) {
    }

    /**
     * A stage of the conversation. {@code slot} (optional) is the slot this stage fills; {@code on} maps an intent,
     * or the event {@code filled}, to what happens next.
     */
    /**
     * A step of the conversation. {@code resume} (optional) is asked instead of {@code prompt} to come back to the step
     * after an answer on the side (the bot is a robot, an FAQ answer): the opening with its recording notice is not
     * replayed whole.
     */
    public record Stage(String id, String prompt, String reprompt, String resume, String slot, Map<String, Transition> on) {
        /** The prompt that brings the conversation back to this step. */
        public String resumePrompt() {
            return resume != null ? resume : prompt;
        }
    }

    /**
     * What a recognised intent leads to: go to a stage, or end the call, optionally saying a prompt first,
     * carrying out an action ({@code sms:<template>}, {@code transfer:<target>}, {@code opt_out}) and setting the
     * outcome label. {@code reply} answers and then stays in the stage (e.g. "yes, I am an AI").
     */
    public record Transition(String gotoStage, String end, String reply, String prompt, String action,
                             String outcome) {
        public boolean ends() {
            return end != null;
        }
    }

    public Stage stage(String stageId) {
        return stages.stream().filter(s -> s.id().equals(stageId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("场景 " + id + " 没有阶段 " + stageId));
    }

    public Problem problem(String problemId) {
        return problems.stream().filter(p -> p.id().equals(problemId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("场景 " + id + " 没有问题 " + problemId));
    }
}
