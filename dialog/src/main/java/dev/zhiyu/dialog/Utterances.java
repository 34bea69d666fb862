package dev.zhiyu.dialog;

import java.text.Normalizer;

/** Cleaning of user text before matching: width folding, no punctuation, spaces or fillers, bounded length. */
final class Utterances {
    /** Longer turns are cut: nobody says more than this in one breath, and matching cost stays bounded. */
    static final int MAX_CHARS = 500;

    private Utterances() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder();
        t.codePoints().filter(cp -> Character.isLetterOrDigit(cp)).limit(MAX_CHARS).forEach(sb::appendCodePoint);
        return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The turn as it is shown and classified: control characters removed, length bounded. */
    static String bounded(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints().filter(cp -> !Character.isISOControl(cp)).limit(MAX_CHARS).forEach(sb::appendCodePoint);
        return sb.toString().strip();
    }
}
