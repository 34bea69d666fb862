package dev.zhiyu.knowledge;

import dev.zhiyu.nlp.Normalization;

import static dev.zhiyu.nlp.Normalization.Step.LOWER_CASE;
import static dev.zhiyu.nlp.Normalization.Step.NFKC;
import static dev.zhiyu.nlp.Normalization.Step.NO_WHITESPACE;

/** Name normalisation for entity resolution: full-width to half-width, no spaces, Chinese brackets unified, lower case. */
final class Names {
    private static final Normalization NAME = Normalization.of(NFKC, NO_WHITESPACE, LOWER_CASE);

    private Names() {
    }

    static String normalise(String name) {
        return NAME.apply(name);
    }

    static String nameKey(String name) {
        return "name:" + normalise(name);
    }
}
