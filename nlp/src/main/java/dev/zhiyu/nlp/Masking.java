package dev.zhiyu.nlp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks ID-card numbers (and optionally mobiles) so they never reach logs or stored transcripts. */
public final class Masking {
    private static final Pattern ID = Pattern.compile("(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9])");

    private Masking() {}

    /** Keeps the region code (6) and the last 4 characters: 110101********123X. */
    public static String maskIdCard(String id) {
        if (id == null || id.length() < 10) return id;
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    /** Masks every 18-character ID-card-shaped number in free text, whether or not its checksum is valid. */
    public static String maskText(String text) {
        if (text == null) return null;
        Matcher m = ID.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(maskIdCard(m.group())));
        m.appendTail(sb);
        return sb.toString();
    }
}
