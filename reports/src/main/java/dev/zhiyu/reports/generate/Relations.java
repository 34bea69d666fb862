package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.indicators.Indicator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads (indicator, number) relations out of news text, the ROTOWIRE "RG" idea: every number is attributed to the
 * indicator named last before it, with the direction word between them (增长/上升/增加/收窄 = +1,
 * 下降/减少/扩大/降低 = -1). Numbers inside 「quotes」 are the company's own words and are skipped.
 */
final class Relations {
    static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(-?\\d[\\d,]*(?:\\.\\d+)?)(亿元|万元|元/股|元|%|个百分点|年|季度)?");
    static final String ANOMALY_HEADER = "异动指标：";
    private static final Pattern QUOTE = Pattern.compile("「[^」]*」");
    private static final Pattern UP = Pattern.compile("增长|上升|增加|收窄|提高");
    private static final Pattern DOWN = Pattern.compile("下降|减少|扩大|降低");
    private static final Map<String, Indicator> NAMES = names();

    /** A number at [start, end) with the indicator it is attributed to (null before any name). */
    record Relation(Indicator entity, String span, int start, int end, boolean anomalySection, int direction) {
    }

    private Relations() {
    }

    private static Map<String, Indicator> names() {
        Map<String, Indicator> m = new LinkedHashMap<>();
        for (Indicator i : Indicator.values()) m.put(i.chinese(), i);
        m.put("归母净利润", Indicator.NET_PROFIT);
        m.put("扣非净利润", Indicator.NET_PROFIT_DEDUCTED);
        return m;
    }

    static List<Relation> of(String text) {
        String masked = maskQuotes(text);
        int anomalyStart = text.indexOf(ANOMALY_HEADER);
        List<Relation> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(masked);
        int scan = 0, windowStart = 0;
        Indicator entity = null;
        while (m.find()) {
            for (int i = scan; i < m.start(); ) {
                String name = nameAt(masked, i, m.start());
                if (name == null) i++;
                else {
                    entity = NAMES.get(name);
                    i += name.length();
                    windowStart = i;
                }
            }
            String window = masked.substring(Math.max(windowStart, 0), m.start());
            int dir = UP.matcher(window).find() ? 1 : DOWN.matcher(window).find() ? -1 : 0;
            out.add(new Relation(entity, m.group(), m.start(), m.end(), anomalyStart >= 0 && m.start() > anomalyStart, dir));
            scan = m.end();
            windowStart = m.end();
        }
        return out;
    }

    /** The longest indicator name starting at {@code i} and ending by {@code limit}. */
    private static String nameAt(CharSequence s, int i, int limit) {
        String best = null;
        for (String n : NAMES.keySet())
            if (i + n.length() <= limit && startsWith(s, n, i) && (best == null || n.length() > best.length())) best = n;
        return best;
    }

    private static boolean startsWith(CharSequence s, String prefix, int at) {
        if (at + prefix.length() > s.length()) return false;
        for (int k = 0; k < prefix.length(); k++) if (s.charAt(at + k) != prefix.charAt(k)) return false;
        return true;
    }

    private static String maskQuotes(String text) {
        Matcher q = QUOTE.matcher(text);
        StringBuilder b = new StringBuilder(text);
        while (q.find()) for (int i = q.start(); i < q.end(); i++) b.setCharAt(i, '　');
        return b.toString();
    }

    /**
     * Reads relations incrementally while text is being written, as {@link #of} will read the finished text: what a
     * number written next would be attributed to (indicator, section, direction). Text inside an open 「 is treated
     * as quoted already (a number copied there is refused, see {@link #quoted}). The name scan is kept up to date up
     * to the longest name's length before the end (a name starting earlier fits whatever follows), so each look-ahead
     * only re-reads the last few characters.
     */
    static final class Cursor {
        private static final int LONGEST = NAMES.keySet().stream().mapToInt(String::length).max().orElse(1);
        /** The indicator as of the last number, the masked text since it, and the whole text. */
        private Indicator entity;
        private final StringBuilder tail = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private boolean quote, anomaly;
        /** The name scan of {@code tail}: position reached, indicator named last, where the direction window starts. */
        private int scanned, windowStart;
        private Indicator named;

        Cursor copy() {
            Cursor c = new Cursor();
            c.entity = entity;
            c.tail.append(tail);
            c.text.append(text);
            c.quote = quote;
            c.anomaly = anomaly;
            c.scanned = scanned;
            c.windowStart = windowStart;
            c.named = named;
            return c;
        }

        /** Appends words (a piece or a copied name, type or quote): they may name an indicator or a direction. */
        void words(String s) {
            int from = Math.max(0, text.length() - ANOMALY_HEADER.length());
            text.append(s);
            if (!anomaly && text.indexOf(ANOMALY_HEADER, from) >= 0) anomaly = true;
            quote = mask(s, quote, tail);
            while (scanned < tail.length() - LONGEST) {
                String name = nameAt(tail, scanned, tail.length());
                if (name == null) scanned++;
                else {
                    named = NAMES.get(name);
                    scanned += name.length();
                    windowStart = scanned;
                }
            }
        }

        /** Appends a number: the relation it forms (as {@link #of} will read it), then the window starts anew. */
        Relation number(String span) {
            Relation r = next(span);
            text.append(span);
            entity = r.entity();
            named = null;
            tail.setLength(0);
            scanned = windowStart = 0;
            return r;
        }

        /** The relation a number {@code span} written now would form. */
        Relation next(String span) {
            return after("", span);
        }

        /** The relation a number {@code span} would form if {@code words} were written first (nothing is appended). */
        Relation after(String words, String span) {
            StringBuilder seq = new StringBuilder(tail.length() - windowStart + words.length());
            seq.append(tail, windowStart, tail.length());
            mask(words, quote, seq);
            String joint = text.substring(Math.max(0, text.length() - ANOMALY_HEADER.length())) + words;
            Indicator e = named != null ? named : entity;
            int ws = 0;
            for (int i = scanned - windowStart; i < seq.length(); ) {
                String name = nameAt(seq, i, seq.length());
                if (name == null) i++;
                else {
                    e = NAMES.get(name);
                    i += name.length();
                    ws = i;
                }
            }
            CharSequence window = seq.subSequence(ws, seq.length());
            int dir = UP.matcher(window).find() ? 1 : DOWN.matcher(window).find() ? -1 : 0;
            int at = text.length() + words.length();
            return new Relation(e, span, at, at + span.length(), anomaly || joint.contains(ANOMALY_HEADER), dir);
        }

        /** Appends {@code s} to {@code out} with quoted characters (brackets included) blanked; the quote state after. */
        private static boolean mask(String s, boolean quote, StringBuilder out) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!quote && c == '「') quote = true;
                out.append(quote ? '　' : c);
                if (quote && c == '」') quote = false;
            }
            return quote;
        }

        /** Inside an unclosed 「: a number written here would be masked only once the quote closes. */
        boolean quoted() { return quote; }

        /** The last character written, or 0. */
        char last() { return text.isEmpty() ? 0 : text.charAt(text.length() - 1); }

        boolean anomalySection() { return anomaly; }
    }

    /** Whether a relation states record {@code r}: same indicator (or a cover field), value, section and direction. */
    static boolean states(Relation rel, Rec r) {
        if (r.copy() == null || !r.copy().equals(rel.span())) return false;
        if (r.info()) return r.attr() == Rec.Attr.CODE || r.attr() == Rec.Attr.YEAR;
        if (r.indicator() != rel.entity() || r.inAnomalySection() != rel.anomalySection()) return false;
        boolean change = r.attr() == Rec.Attr.YOY || r.attr() == Rec.Attr.PTS || r.attr() == Rec.Attr.ANOM;
        if (!change) return rel.direction() == 0;
        return r.sign() == 0 || rel.direction() == r.sign();
    }

    /** Relations no record states: each one is a number attributed to the wrong indicator, value or direction. */
    static List<Relation> unsupported(String text, List<Rec> records) {
        return of(text).stream().filter(rel -> records.stream().noneMatch(r -> states(rel, r))).toList();
    }
}
