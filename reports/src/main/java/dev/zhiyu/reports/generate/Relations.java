package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.Indicator;

import java.util.ArrayList;
import java.util.Comparator;
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
    private static String nameAt(String s, int i, int limit) {
        return NAMES.keySet().stream().filter(n -> i + n.length() <= limit && s.startsWith(n, i))
                .max(Comparator.comparingInt(String::length)).orElse(null);
    }

    private static String maskQuotes(String text) {
        Matcher q = QUOTE.matcher(text);
        StringBuilder b = new StringBuilder(text);
        while (q.find()) for (int i = q.start(); i < q.end(); i++) b.setCharAt(i, '　');
        return b.toString();
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
