package dev.zhiyu.reports.tables;

import dev.zhiyu.reports.pdf.Fullwidth;
import java.util.regex.Pattern;

/** Row labels compared across layouts: no spaces, ASCII punctuation, no unit or note in parentheses. */
public final class Labels {
    private static final Pattern PARENS = Pattern.compile("\\([^()]*\\)?|\\[[^\\]]*\\]|（[^（）]*）");
    private static final Pattern PREFIX = Pattern.compile("^(其中|减|加|注)[:：]|^\\d+[.、]|^[:：]");

    private Labels() {
    }

    public static String normalize(String label) {
        String s = Fullwidth.fold(label == null ? "" : label).replaceAll("\\s+", "");
        s = PARENS.matcher(s).replaceAll("");
        s = PREFIX.matcher(s).replaceAll("");
        s = s.replaceAll("[（(]$", "").replaceAll("[:：*]+$", "").replaceAll("注\\d*$", "");
        return s;
    }
}
