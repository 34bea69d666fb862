package dev.zhiyu.reports.pdf;

import dev.zhiyu.nlp.Normalization;

/** Folds full-width ASCII punctuation and digits to ASCII so labels compare equal across PDFs (Tabula does too). */
public final class Fullwidth {
    private static final Normalization FOLD = Normalization.of(Normalization.Step.FULLWIDTH_ASCII, Fullwidth::dashes);

    private Fullwidth() {
    }

    public static String fold(String s) {
        return FOLD.apply(s);
    }

    /** Minus signs and en dashes are hyphens; an em dash only when it is the whole cell (an empty value). */
    private static String dashes(String s) {
        String out = s.replace('\u2212', '-').replace('\u2013', '-');
        return out.equals("\u2014") ? "-" : out;
    }
}
