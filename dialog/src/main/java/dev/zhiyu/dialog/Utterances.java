package dev.zhiyu.dialog;

import dev.zhiyu.nlp.Normalization;

import static dev.zhiyu.nlp.Normalization.Step.LETTERS_AND_DIGITS;
import static dev.zhiyu.nlp.Normalization.Step.LOWER_CASE;
import static dev.zhiyu.nlp.Normalization.Step.NFKC;
import static dev.zhiyu.nlp.Normalization.Step.NO_CONTROLS;
import static dev.zhiyu.nlp.Normalization.firstCodePoints;

/** Cleaning of user text before matching: width folding, no punctuation, spaces or fillers, bounded length. */
final class Utterances {
    /** Longer turns are cut: nobody says more than this in one breath, and matching cost stays bounded. */
    static final int MAX_CHARS = 500;

    private static final Normalization CLEAN = Normalization.of(NFKC, LETTERS_AND_DIGITS, firstCodePoints(MAX_CHARS),
            LOWER_CASE);
    private static final Normalization BOUNDED = Normalization.of(NO_CONTROLS, firstCodePoints(MAX_CHARS), String::strip);

    private Utterances() {
    }

    static String clean(String text) {
        return CLEAN.apply(text);
    }

    /** The turn as it is shown and classified: control characters removed, length bounded. */
    static String bounded(String text) {
        return BOUNDED.apply(text);
    }
}
