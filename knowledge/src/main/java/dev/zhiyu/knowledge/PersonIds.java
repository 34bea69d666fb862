package dev.zhiyu.knowledge;

import dev.zhiyu.nlp.Masking;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Resident ID numbers never enter the graph: a person's id becomes {@code pid:} + a SHA-256 prefix of the number (so the
 * same number resolves on later imports) and only the masked form (110101********123X) is kept as an attribute.
 * An unsalted hash of a structured number can be brute-forced: it keeps numbers out of exports, logs and SPARQL
 * results, it is not anonymisation.
 */
final class PersonIds {
    private static final Pattern ID_CARD = Pattern.compile("[1-9][0-9]{16}[0-9Xx]");

    private PersonIds() {
    }

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    /**
     * An 18-character resident ID (GB 11643): a real birth date and a valid check character. Unified social credit
     * codes have the same length and are often all digits, so the shape alone is not enough.
     */
    static boolean isIdCard(String s) {
        if (s == null || !ID_CARD.matcher(s.trim()).matches()) {
            return false;
        }
        String id = s.trim().toUpperCase(Locale.ROOT);
        try {
            java.time.LocalDate birth = java.time.LocalDate.parse(id.substring(6, 14),
                    java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            if (birth.getYear() < 1900 || birth.isAfter(java.time.LocalDate.now())) {
                return false;
            }
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11) == id.charAt(17);
    }

    static String pseudonym(String idCard) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(idCard.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "pid:" + HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String masked(String idCard) {
        return Masking.maskIdCard(idCard.trim());
    }
}
