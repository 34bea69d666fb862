package dev.zhiyu.dialog;

import java.util.List;

/** One user turn: recognised speech as N-best hypotheses (best first), or DTMF digits, or both. */
public record UserInput(List<Hypothesis> nbest, String dtmf) {
    public UserInput {
        nbest = List.copyOf(nbest);
        dtmf = dtmf == null ? "" : dtmf;
    }

    public static UserInput text(String text) {
        return new UserInput(List.of(new Hypothesis(text, 1.0)), "");
    }

    /** A recognition hypothesis with the recogniser's confidence in [0, 1]. */
    public record Hypothesis(String text, double confidence) {
    }
}
