package dev.zhiyu.dialog;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the bot says to put an unsure ending to the speaker, and when the speaker says it was not meant. A scenario
 * words the question per ending prompt ({@code check_<end prompt>}, e.g. {@code check_opt_out_bye}) or once for all
 * ({@code check_end}), and the going-on words as {@code end_denied}; built-in wording otherwise.
 *
 * <p>The wrong-person ending is checked with the identity question itself ("请问您是王先生本人吗？"), so its yes means
 * "it is me, go on": "您是说我们打错电话了，对吗？" would be answered 是我 by the very customer called, and that yes
 * would end the call. A scenario's {@code check_wrong_person_bye} must therefore be an identity question too.
 */
final class EndingCheck {
    static final String GENERIC = "check_end";
    static final String DENIED = "end_denied";
    static final String WRONG_PERSON = "wrong_person_bye";
    /** The label of the wrong-person check in the turn record (its answer's polarity is the other way round). */
    static final String IDENTITY_LABEL = "confirm_identity";
    private static final String IDENTITY_NAMED = "请问您是{customer_name}本人吗？";
    private static final String IDENTITY_UNNAMED = "请问是机主本人接听吗？";
    private static final Map<String, String> BUILT_IN = Map.of(
            "opt_out_bye", "您是说以后不要再给您打电话了，对吗？",
            "later_bye", "您是说现在不方便接听，对吗？",
            "not_interested_bye", "您是说不打算继续办理了，对吗？",
            "abuse_bye", "您是说不想再聊下去了，对吗？",
            "goodbye", "您是说现在要挂电话了，对吗？");
    private static final String BUILT_IN_GENERIC = "您是说现在要结束通话，对吗？";

    private EndingCheck() {
    }

    /** The scenario prompt that asks the identity when a wrong person is unsure. */
    static final String IDENTITY_PROMPT = "check_" + WRONG_PERSON;

    /**
     * Whether {@code text} is worded as an identity question, as its answer is read (yes = it is the person, go on):
     * a question (ends with ？ or 吗) that names the person ({customer_name}, 本人 or 机主).
     */
    static boolean isIdentityQuestion(String text) {
        String t = text.strip();
        boolean question = t.endsWith("？") || t.endsWith("?") || t.endsWith("吗");
        boolean namesThePerson = t.contains("{customer_name}") || t.contains("本人") || t.contains("机主");
        return question && namesThePerson;
    }

    /** Whether the ending {@code t} is checked by asking the speaker's identity (yes = go on). */
    static boolean asksIdentity(Scenario.Transition t) {
        return t != null && WRONG_PERSON.equals(t.end());
    }

    /**
     * The question for the ending {@code t}: {@code say} renders a scenario prompt, {@code fill} a built-in template
     * with the session's variables, {@code values} are those variables.
     */
    static String question(Scenario.Transition t, Scenario scenario, UnaryOperator<String> say,
                           UnaryOperator<String> fill, Map<String, String> values) {
        String own = "check_" + t.end();
        if (scenario.prompts().containsKey(own)) {
            return say.apply(own);
        }
        if (asksIdentity(t)) { // never the generic "您是说…对吗": its yes would be the wrong way round
            String name = values.get("customer_name");
            return name == null || name.isBlank() ? IDENTITY_UNNAMED : fill.apply(IDENTITY_NAMED);
        }
        if (scenario.prompts().containsKey(GENERIC)) {
            return say.apply(GENERIC);
        }
        return BUILT_IN.getOrDefault(t.end(), BUILT_IN_GENERIC);
    }

    /** Said before the step's question when the ending was not meant. */
    static String goingOn(Scenario scenario, UnaryOperator<String> say) {
        return scenario.prompts().containsKey(DENIED) ? say.apply(DENIED) : "好的。";
    }
}
