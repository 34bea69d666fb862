package dev.zhiyu.dialog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the customer has said about a callback time in the current stage: the words so far (read together with what
 * they say next), why a time put to them differs from what they said, and what is known of a time too vague to call at.
 */
final class CallbackTimeState {
    /** Why a time put to the customer differs from what they said ("今天下午3点已经过了，"), by value. */
    private final Map<String, String> notes = new HashMap<>();
    /** What the customer has said about the time in this stage; null before they said any. */
    private String said;
    /** What is known of a time too vague to call at ("后天下午"), to ask for the rest; null otherwise. */
    private String toAsk;
    /** How this turn's best hypothesis reads as a time. */
    private CallbackTimes.Reading heard = new CallbackTimes.Nothing();

    /** What was said about the time before this turn, the context for reading this turn's time. */
    String said() {
        return said;
    }

    /** The known part of a time whose rest is to be asked for, or null. */
    String toAsk() {
        return toAsk;
    }

    /** The note to say before confirming this value ("" when it is what the customer said). */
    String noteFor(String value) {
        return notes.getOrDefault(value, "");
    }

    /**
     * The best hypothesis's time: in a stage that asks for one it joins what was said before (notes of every
     * hypothesis's time are kept); elsewhere it is kept for a move to such a stage in this turn ("半小时后再打").
     */
    void hear(Scenario.Slot slot, String heardText, List<Understanding> readings) {
        toAsk = null;
        heard = readings.isEmpty() ? new CallbackTimes.Nothing() : readings.get(0).time();
        if (!asksForTime(slot)) {
            return;
        }
        for (Understanding u : readings) {
            if (u.time() instanceof CallbackTimes.At at) {
                notes.put(CallbackTimes.iso(at).get(0), at.note());
            }
        }
        if (heard instanceof CallbackTimes.Nothing) {
            return;
        }
        said = said == null ? heardText : said + "，" + heardText;
        if (heard instanceof CallbackTimes.Ask ask) {
            toAsk = ask.known();
        }
    }

    /** A new stage starts with nothing said about the time. */
    void newStage() {
        said = null;
        notes.clear();
    }

    /**
     * Entering a stage that asks for a time with a usable one just heard: that time, which starts what is said in the
     * stage (to be confirmed when exact, its rest asked for otherwise); null when there is none.
     */
    CallbackTimes.Reading carriedInto(Scenario.Slot slot, String heardText) {
        if (!asksForTime(slot) || !CallbackTimes.isConcrete(heard)) {
            return null;
        }
        said = heardText;
        if (heard instanceof CallbackTimes.At at) {
            notes.put(CallbackTimes.iso(at).get(0), at.note());
        } else {
            toAsk = ((CallbackTimes.Ask) heard).known();
        }
        return heard;
    }

    private static boolean asksForTime(Scenario.Slot slot) {
        return slot != null && slot.type().equals(Scenario.Slot.DATETIME);
    }
}
