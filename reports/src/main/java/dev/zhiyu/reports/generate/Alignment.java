package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Aligns a reference text with its records. The text becomes tokens: a copy of a record (every number, the company,
 * the report type, a quoted reason) or a word piece (the text up to the next punctuation mark, number or copy; a
 * piece starts with its punctuation, "\n" is a piece of its own). The target plan is the order in which the text
 * first mentions each record: a copied value, or for records said in words the phrase that says them
 * ("X未披露", the anomaly statement "X由盈转亏").
 */
final class Alignment {
    private static final String PUNCT = "，；。：、()（）「」\n";

    /** A word piece ({@code piece} non-null) or a copy of any of {@code records} (indexes into the record list). */
    record Token(String piece, List<Integer> records) {
        boolean copy() { return piece == null; }
    }

    record Aligned(List<Token> tokens, List<Integer> plan) {
    }

    private Alignment() {
    }

    /** Empty when the text says a number no record holds (such a pair is not used for training). */
    static Optional<Aligned> of(String text, List<Rec> recs) {
        return of(text, recs, true);
    }

    /** The records a (generated) text mentions, in order; numbers no record holds are skipped. */
    static List<Integer> mentions(String text, List<Rec> recs) {
        return of(text, recs, false).map(Aligned::plan).orElse(List.of());
    }

    private static Optional<Aligned> of(String text, List<Rec> recs, boolean strict) {
        TreeMap<Integer, Integer> firstMention = new TreeMap<>();
        TreeMap<Integer, Relations.Relation> numbers = new TreeMap<>();
        for (Relations.Relation rel : Relations.of(text)) numbers.put(rel.start(), rel);
        int anomalyStart = text.indexOf(Relations.ANOMALY_HEADER);
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        StringBuilder piece = new StringBuilder();
        while (i < text.length()) {
            Relations.Relation rel = numbers.get(i);
            List<Integer> copies = new ArrayList<>();
            int end = i;
            if (rel != null) {
                for (int r = 0; r < recs.size(); r++) if (Relations.states(rel, recs.get(r))) copies.add(r);
                if (copies.isEmpty() && strict) return Optional.empty();
                end = rel.end();
            } else {
                int len = textCopyAt(text, i, recs, anomalyStart, copies);
                end = i + len;
            }
            if (!copies.isEmpty()) {
                flush(piece, tokens);
                tokens.add(new Token(null, List.copyOf(copies)));
                for (int r : copies) firstMention.putIfAbsent(r, i);
                i = end;
                continue;
            }
            char c = text.charAt(i);
            if (PUNCT.indexOf(c) >= 0) flush(piece, tokens);
            piece.append(c);
            if (c == '\n') flush(piece, tokens);
            i++;
        }
        flush(piece, tokens);
        if (strict && tokens.stream().anyMatch(t -> !t.copy() && t.piece().chars().anyMatch(Character::isDigit))) return Optional.empty();
        wordMentions(text, recs, anomalyStart, firstMention);
        List<Integer> plan = firstMention.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
                .map(java.util.Map.Entry::getKey).toList();
        return Optional.of(new Aligned(tokens, plan));
    }

    /** The longest non-number copy (company, type, quoted reason) starting at {@code i}; fills {@code copies}. */
    private static int textCopyAt(String text, int i, List<Rec> recs, int anomalyStart, List<Integer> copies) {
        int best = 0;
        for (int r = 0; r < recs.size(); r++) {
            Rec rec = recs.get(r);
            boolean textual = rec.attr() == Rec.Attr.COMPANY || rec.attr() == Rec.Attr.TYPE || rec.attr() == Rec.Attr.REASON;
            if (!textual || rec.copy() == null || rec.copy().isEmpty() || !text.startsWith(rec.copy(), i)) continue;
            if (rec.attr() == Rec.Attr.REASON && (anomalyStart < 0 || i < anomalyStart || i == 0 || text.charAt(i - 1) != '「')) continue;
            if (rec.copy().length() > best) {
                best = rec.copy().length();
                copies.clear();
            }
            if (rec.copy().length() == best) copies.add(r);
        }
        return best;
    }

    private static void wordMentions(String text, List<Rec> recs, int anomalyStart, TreeMap<Integer, Integer> first) {
        for (int r = 0; r < recs.size(); r++) {
            Rec rec = recs.get(r);
            if (rec.copy() != null || first.containsKey(r)) continue;
            int at = -1;
            if (rec.attr() == Rec.Attr.CUR) at = minPos(text, rec.indicator().chinese() + "未披露", shortName(rec) + "未披露");
            else if (rec.attr() == Rec.Attr.ANOM && anomalyStart >= 0) {
                at = text.indexOf(rec.indicator().chinese() + words(rec), anomalyStart);
            }
            if (at >= 0) first.put(r, at);
        }
    }

    /** How the anomaly statement words an anomaly stated without a figure: a sign change by the indicator's kind. */
    private static String words(Rec anomaly) {
        Anomaly.Kind kind = Anomaly.Kind.values()[anomaly.valueClass() - 5];
        return switch (kind) {
            case TURNED_TO_PROFIT -> Statements.signChange(anomaly.indicator(), true);
            case TURNED_TO_LOSS -> Statements.signChange(anomaly.indicator(), false);
            default -> kind.chinese();
        };
    }

    private static String shortName(Rec r) {
        return switch (r.indicator()) {
            case NET_PROFIT -> "归母净利润";
            case NET_PROFIT_DEDUCTED -> "扣非净利润";
            default -> r.indicator().chinese();
        };
    }

    private static int minPos(String text, String... needles) {
        return java.util.Arrays.stream(needles).mapToInt(text::indexOf).filter(x -> x >= 0).min().orElse(-1);
    }

    private static void flush(StringBuilder piece, List<Token> tokens) {
        if (!piece.isEmpty()) tokens.add(new Token(piece.toString(), List.of()));
        piece.setLength(0);
    }
}
