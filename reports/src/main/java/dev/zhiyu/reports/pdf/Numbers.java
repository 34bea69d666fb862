package dev.zhiyu.reports.pdf;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the number in a report cell: thousands separators, parentheses as negatives, '-'/不适用/blank as missing,
 * percentages, "增加/减少 N 个百分点", and unit words (元, 千元, 万元, 百万元, 亿元) to a scale factor.
 */
public final class Numbers {
    private static final Pattern NUMBER = Pattern.compile("^([+-]?)\\(?([+-]?)(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\)?(%?)$");
    private static final Pattern POINTS = Pattern.compile("^(增加|减少|上升|下降|提高|降低|上涨|减)?([+-]?\\d+(?:\\.\\d+)?)个?百分点$");
    /** "减少3.96" whose "个百分点" wrapped onto the next line of the cell (margin-change columns). */
    private static final Pattern WRAPPED_POINTS = Pattern.compile("^(增加|减少|上升|下降|提高|降低)([+-]?\\d+(?:\\.\\d+)?)个?$");
    private static final Pattern MISSING = Pattern.compile("^(|-+|—+|不适用|无|/|N/?A|--|不可比)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNIT = Pattern.compile("(人民币)?(千元|万元|百万元|亿元|元)");

    /** A parsed cell: {@code number} null when the cell says "missing"; percent/points flags from the text itself. */
    public record Parsed(BigDecimal number, boolean percent, boolean points) {
    }

    private Numbers() {
    }

    public static Optional<Parsed> parse(String cell) {
        String s = clean(cell);
        if (MISSING.matcher(s).matches()) return Optional.of(new Parsed(null, false, false));
        Matcher p = POINTS.matcher(s);
        if (!p.matches()) p = WRAPPED_POINTS.matcher(s);
        if (p.matches()) {
            BigDecimal n = new BigDecimal(p.group(2));
            String dir = p.group(1);
            if (dir != null && (dir.startsWith("减") || dir.equals("下降") || dir.equals("降低"))) n = n.abs().negate();
            return Optional.of(new Parsed(n, false, true));
        }
        Matcher m = NUMBER.matcher(s);
        if (!m.matches()) return Optional.empty();
        boolean paren = s.contains("(") && s.endsWith(")") || s.contains("(") && s.endsWith(")%");
        boolean neg = "-".equals(m.group(1)) || "-".equals(m.group(2)) || paren;
        BigDecimal n = new BigDecimal(m.group(3).replace(",", "") + (m.group(4) == null ? "" : m.group(4)));
        return Optional.of(new Parsed(neg ? n.negate() : n, !m.group(5).isEmpty(), false));
    }

    /** True if the cell reads as a number or an explicit "missing" marker other than blank. */
    public static boolean isValue(String cell) {
        String s = clean(cell);
        return !s.isEmpty() && parse(s).isPresent();
    }

    static String clean(String cell) {
        return Fullwidth.fold(cell == null ? "" : cell).replaceAll("\\s+", "").replace('－', '-');
    }

    /** Yuan per printed unit, if the text names one ("单位：万元", "(人民币百万元)"); the longest match wins. */
    public static Optional<BigDecimal> scale(String text) {
        Matcher m = UNIT.matcher(text == null ? "" : text);
        BigDecimal found = null;
        while (m.find()) {
            BigDecimal s = switch (m.group(2)) {
                case "千元" -> BigDecimal.valueOf(1_000);
                case "万元" -> BigDecimal.valueOf(10_000);
                case "百万元" -> BigDecimal.valueOf(1_000_000);
                case "亿元" -> BigDecimal.valueOf(100_000_000);
                default -> BigDecimal.ONE;
            };
            if (found == null) found = s;
        }
        return Optional.ofNullable(found);
    }
}
