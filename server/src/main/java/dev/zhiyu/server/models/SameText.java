package dev.zhiyu.server.models;

import java.text.Normalizer;
import java.util.Locale;

/** When two caller turns say the same thing: equal after width folding, lower case, and dropping punctuation and spaces. */
final class SameText {
    private SameText() {
    }

    static String key(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{P}\\p{S}\\p{Z}\\s]", "");
    }
}
