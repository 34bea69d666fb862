package dev.zhiyu.dialog;

import java.util.Map;

/**
 * How the conversation ended, in the scenario's terms.
 *
 * @param label an outcome label defined by the scenario (e.g. A/B/C/D grades or "will_continue_opening")
 * @param slots the slot values the dialog settled on
 * @param turns user turns taken
 */
public record Outcome(String label, Map<String, String> slots, int turns) {
    public Outcome {
        slots = Map.copyOf(slots);
    }
}
