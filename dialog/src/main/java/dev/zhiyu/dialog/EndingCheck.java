package dev.zhiyu.dialog;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the bot says to put an unsure ending to the speaker, and when the speaker says it was not meant. A scenario
 * words the question per ending prompt ({@code check_<end prompt>}, e.g. {@code check_opt_out_bye}) or once for all
 * ({@code check_end}), and the going-on words as {@code end_denied}; built-in wording otherwise.
 */
final class EndingCheck {
    static final String GENERIC = "check_end";
    static final String DENIED = "end_denied";
    private static final Map<String, String> BUILT_IN = Map.of(
            "wrong_person_bye", "您是说我们打错电话了，对吗？",
            "opt_out_bye", "您是说以后不要再给您打电话了，对吗？",
            "later_bye", "您是说现在不方便接听，对吗？",
            "not_interested_bye", "您是说不打算继续办理了，对吗？",
            "abuse_bye", "您是说不想再聊下去了，对吗？",
            "goodbye", "您是说现在要挂电话了，对吗？");
    private static final String BUILT_IN_GENERIC = "您是说现在要结束通话，对吗？";

    private EndingCheck() {
    }

    /** "您是说以后不要再给您打电话了，对吗？" for the ending {@code t}; {@code say} renders a scenario prompt. */
    static String question(Scenario.Transition t, Scenario scenario, UnaryOperator<String> say) {
        String own = "check_" + t.end();
        if (scenario.prompts().containsKey(own)) {
            return say.apply(own);
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
