package dev.zhiyu.reports.news;

import dev.zhiyu.reports.indicators.Indicator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a news text (written by a template, a learned generator or a human) into the claims it makes: every number
 * is bound to the row last named in its clause (a clause ends at 。 ； or a line break) and to a column by the words
 * before it. Numbers inside 「quotes」 are the company's words, not claims (quotes are checked verbatim elsewhere).
 */
final class ClaimReader {
    static final Pattern QUOTE = Pattern.compile("「([^」]*)」");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\d.])(-?\\d[\\d,]*(?:\\.\\d+)?)(万亿元|亿元|万元|元/股|元|%|个百分点|年|季度)?");
    private static final Pattern PHRASE = Pattern.compile("扭亏为盈|由盈转亏|由负转正|由正转负|持平");
    private static final Pattern PRIOR_WORDS = Pattern.compile("上年同期|去年同期|上年末|上年度末|年初|上期|上年");
    private static final Pattern CHANGE_WORDS = Pattern.compile("增长|下降|增加|减少|上升|降低|提高|收窄|扩大|变动");
    /** Short names news uses besides the report's labels. */
    private static final Map<String, Indicator> ALIASES = Map.of("归母净利润", Indicator.NET_PROFIT,
            "扣非净利润", Indicator.NET_PROFIT_DEDUCTED, "扣非归母净利润", Indicator.NET_PROFIT_DEDUCTED);
    private static final int LONGEST_NAME = 32;
    /** A row name is Chinese text only (no digits, signs, brackets or punctuation that normalisation would drop). */
    private static final Pattern NAME_CHARS = Pattern.compile("[\\p{IsHan}A-Za-z]+");

    private final List<String> segments;

    /** @param segments the main-business segment names the text may cite (longest first when they overlap) */
    ClaimReader(Collection<String> segments) {
        this.segments = segments.stream().filter(s -> s != null && !s.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** A named row: an indicator, or a segment's revenue ({@code margin} false) or gross margin line. */
    private record Row(String name, Indicator indicator, String segment, boolean margin) {
    }

    List<Claim> read(String text) {
        String t = QUOTE.matcher(text).replaceAll("「」");
        List<Claim> out = new ArrayList<>();
        Matcher number = NUMBER.matcher(t).useTransparentBounds(true).useAnchoringBounds(false);
        Matcher phrase = PHRASE.matcher(t).useTransparentBounds(true).useAnchoringBounds(false);
        Row row = null;
        int leadStart = 0;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '。' || c == '；' || c == '\n') {
                row = null;
                leadStart = ++i;
                continue;
            }
            Optional<Row> named = rowAt(t, i, row);
            if (named.isPresent()) {
                row = named.get();
                i += row.name().length();
                leadStart = i;
                continue;
            }
            if (phrase.region(i, t.length()).lookingAt()) {
                out.add(claim(row, Claim.Column.PHRASE, null, phrase.group(), 0, t.substring(leadStart, i), phrase.group()));
                i = phrase.end();
                leadStart = i;
                continue;
            }
            if ((Character.isDigit(c) || c == '-') && number.region(i, t.length()).lookingAt()) {
                out.add(numberClaim(row, number, t.substring(leadStart, i)));
                i = number.end();
                leadStart = i;
                continue;
            }
            i++;
        }
        return out;
    }

    private Optional<Row> rowAt(String t, int i, Row current) {
        if (t.startsWith("毛利率", i) && current != null && current.segment() != null)
            return Optional.of(new Row("毛利率", null, current.segment(), true));
        for (int len = Math.min(LONGEST_NAME, t.length() - i); len >= 2; len--) {
            String s = t.substring(i, i + len);
            Indicator ind = ALIASES.get(s);
            if (ind == null && NAME_CHARS.matcher(s).matches()) ind = Indicator.fromLabel(s).orElse(null);
            if (ind != null) return Optional.of(new Row(s, ind, null, false));
        }
        for (String seg : segments) if (t.startsWith(seg, i)) return Optional.of(new Row(seg, null, seg, false));
        return Optional.empty();
    }

    private static Claim numberClaim(Row row, Matcher m, String lead) {
        String raw = m.group(1);
        String unit = m.group(2) == null ? "" : m.group(2);
        BigDecimal n = new BigDecimal(raw.replace(",", ""));
        int decimals = raw.contains(".") ? raw.length() - raw.indexOf('.') - 1 : 0;
        return claim(row, column(unit, lead), n, unit, decimals, lead, m.group());
    }

    /** The column the words before a number give it; a percentage without change words is a ratio's level. */
    static Claim.Column column(String unit, String lead) {
        if (unit.equals("个百分点")) return Claim.Column.CHANGE;
        if (CHANGE_WORDS.matcher(lead).find()) return Claim.Column.CHANGE;
        return PRIOR_WORDS.matcher(lead).find() ? Claim.Column.PRIOR : Claim.Column.CURRENT;
    }

    private static Claim claim(Row row, Claim.Column column, BigDecimal n, String unit, int decimals, String lead, String text) {
        if (row == null) return new Claim(null, null, null, column, n, unit, decimals, lead, text);
        Indicator ind = row.indicator();
        return new Claim(row.name(), ind, row.segment() == null ? null : row.segment() + (row.margin() ? "毛利率" : "收入"),
                column, n, unit, decimals, lead, text);
    }
}
