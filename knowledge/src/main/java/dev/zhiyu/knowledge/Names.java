package dev.zhiyu.knowledge;

import java.text.Normalizer;
import java.util.Locale;

/** Name normalisation for entity resolution: full-width to half-width, no spaces, Chinese brackets unified, lower case. */
final class Names {
    private Names() {
    }

    static String normalise(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && c != '\u3000') {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    static String nameKey(String name) {
        return "name:" + normalise(name);
    }
}
