package dev.zhiyu.reports.pdf;

/** Folds full-width ASCII punctuation and digits to ASCII so labels compare equal across PDFs (Tabula does too). */
public final class Fullwidth {
    private Fullwidth() {
    }

    public static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') c = (char) (c - 0xFEE0);
            else if (c == '\u3000') c = ' ';
            else if (c == '\u2212' || c == '\u2013' || c == '\u2014' && s.length() == 1) c = '-';
            b.append(c);
        }
        return b.toString();
    }
}
