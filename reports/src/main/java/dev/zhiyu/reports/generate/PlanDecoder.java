package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.indicators.Indicator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decoding that keeps the copy step to the plan (constrained decoding). At every step the model's scores are
 * computed as usual, then options that would make a wrong statement are masked out before the choice:
 * <ul>
 *   <li>a number may be copied only from the record the text is verbalising at that point: the indicator named last
 *   (read exactly as {@link Relations} will read the finished text), the attribute the wording asks for (current or
 *   prior value: no direction word; change: a direction word agreeing with its sign), the right section (anomaly
 *   statements after 异动指标：), and at most once per line (the headline and the body each state a value once);</li>
 *   <li>a direction word (增长/下降/…) may be written only if the indicator being verbalised still has a change to
 *   state whose sign it agrees with;</li>
 *   <li>an indicator may be named only if the plan holds a record of it for this section, and once per line;</li>
 *   <li>「 opens only when a planned explanation of the indicator is pending, the quote is that copy and 」 closes it
 *   (a stray 」 is refused); at most three lines (headline, body, anomalies when the plan has any); the text ends only
 *   after a body line.</li>
 * </ul>
 * Forcing named indicators into plan order within a line was tried and dropped: it refused valid references.
 * A partial text with no allowed option is dropped (when none is left, the result is empty and the template is used).
 * With {@code beam > 1}, the {@code beam} best partial texts (sum of log-probabilities) are kept at each step; the
 * finished ones are returned best first, and the caller publishes the first that passes the checks.
 */
final class PlanDecoder {
    private static final Pattern NUMBER_ONLY = Pattern.compile(Relations.NUMBER.pattern());
    private final Net net;
    private final Scorer scorer;
    private final Vocabulary vocab;
    /** Per piece: may name an indicator or a direction, or open / close a quote (those need the cursor's look-ahead). */
    private final boolean[] wordy;
    /** Per piece: the indicator it names (its last name), or null. */
    private final Indicator[] names;

    /** A finished text: its steps, the text, and its score (sum of log-probabilities, length-normalised). */
    record Candidate(List<Net.Step> steps, String text, double score) {
    }

    /** The model's scores for one step (pieces, then plan positions); a seam so tests can force a bad preference. */
    @FunctionalInterface
    interface Scorer {
        float[] logits(float[][] reps, Net.State s);
    }

    PlanDecoder(Net net, Vocabulary vocab) {
        this(net, vocab, net::logits);
    }

    PlanDecoder(Net net, Vocabulary vocab, Scorer scorer) {
        this.net = net;
        this.scorer = scorer;
        this.vocab = vocab;
        wordy = new boolean[vocab.size()];
        names = new Indicator[vocab.size()];
        for (int v = 0; v < vocab.size(); v++) {
            String p = vocab.piece(v);
            Relations.Relation after = new Relations.Cursor().after(p, "");
            names[v] = after.entity();
            wordy[v] = after.entity() != null || after.direction() != 0 || p.contains("「") || p.contains("」")
                    || p.contains(Relations.ANOMALY_HEADER);
        }
    }

    /** A partial text: records copied and indicators named in its current line (a line states each once). */
    private record Hyp(List<Net.Step> steps, Net.State state, Relations.Cursor cursor, Set<Integer> usedInLine,
                       Set<Indicator> namedInLine, StringBuilder text, double logp) {
        Hyp child(double logp) {
            return new Hyp(new ArrayList<>(steps), state, cursor.copy(), new HashSet<>(usedInLine), new HashSet<>(namedInLine),
                    new StringBuilder(text), logp);
        }

        Hyp with(Net.State s) {
            return new Hyp(steps, s, cursor, usedInLine, namedInLine, text, logp);
        }
    }

    private record Option(Hyp from, int index, double logp) {
    }

    List<Candidate> decode(Net.Encoded e, List<Rec> recs, int beam, int maxTokens) {
        int v = vocab.size(), l = e.reps().length;
        List<Hyp> live = List.of(new Hyp(List.of(), Net.State.START, new Relations.Cursor(), Set.of(), Set.of(), new StringBuilder(), 0));
        List<Hyp> done = new ArrayList<>();
        for (int t = 0; t < maxTokens && !live.isEmpty() && done.size() < beam; t++) {
            List<Option> options = new ArrayList<>();
            for (Hyp h : live) {
                float[] z = scorer.logits(e.reps(), h.state());
                double lse = logSumExp(z);
                Relations.Relation before = h.cursor().next("");
                int found = 0;
                for (int i : byScore(z)) {
                    boolean ok = i < v ? pieceAllowed(h, before, i, e.plan(), recs) : copyAllowed(h, before, e.plan().get(i - v), recs);
                    if (!ok) continue;
                    options.add(new Option(h, i, h.logp() + z[i] - lse));
                    if (++found == beam) break;
                }
            }
            options.sort(Comparator.comparingDouble(Option::logp).reversed());
            List<Hyp> next = new ArrayList<>();
            for (Option o : options) {
                if (next.size() >= beam - done.size()) break;
                if (o.index() == Vocabulary.EOS) done.add(o.from().child(o.logp()));
                else next.add(extend(o, e.plan(), recs));
            }
            live = next;
        }
        done.addAll(live);
        List<Candidate> out = new ArrayList<>();
        for (Hyp h : done) out.add(new Candidate(List.copyOf(h.steps()), h.text().toString(), h.logp() / Math.max(1, h.steps().size())));
        out.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return out;
    }

    /**
     * Teacher forcing through the constraints: the index of the first token of {@code tokens} (then EOS) they would
     * refuse with plan {@code plan}, or -1 when the whole text is reachable. A copy token is allowed if any of its
     * records is.
     */
    int refusal(List<Alignment.Token> tokens, List<Integer> plan, List<Rec> recs) {
        int v = vocab.size();
        Hyp h = new Hyp(List.of(), Net.State.START, new Relations.Cursor(), Set.of(), Set.of(), new StringBuilder(), 0);
        for (int t = 0; t <= tokens.size(); t++) {
            Relations.Relation before = h.cursor().next("");
            int choice = -1;
            if (t == tokens.size()) choice = pieceAllowed(h, before, Vocabulary.EOS, plan, recs) ? Vocabulary.EOS : -1;
            else if (!tokens.get(t).copy()) {
                int id = vocab.id(tokens.get(t).piece());
                if (id != Vocabulary.UNK && pieceAllowed(h, before, id, plan, recs)) choice = id;
            } else for (int r : tokens.get(t).records())
                if (plan.contains(r) && copyAllowed(h, before, r, recs)) {
                    choice = v + plan.indexOf(r);
                    break;
                }
            if (choice < 0) return t;
            if (choice != Vocabulary.EOS) h = extend(new Option(h, choice, 0), plan, recs);
        }
        return -1;
    }

    private Hyp extend(Option o, List<Integer> plan, List<Rec> recs) {
        Hyp h = o.from().child(o.logp());
        int v = vocab.size();
        if (o.index() < v) {
            String p = vocab.piece(o.index());
            boolean nl = net.newline(o.index());
            h.steps().add(new Net.Step(o.index(), -1));
            if (names[o.index()] != null) h.namedInLine().add(h.cursor().after(p, "").entity());
            h.cursor().words(p);
            h.text().append(p);
            if (nl) {
                h.usedInLine().clear();
                h.namedInLine().clear();
            }
            return h.with(h.state().afterPiece(o.index(), nl));
        }
        int j = o.index() - v, record = plan.get(j);
        Rec r = recs.get(record);
        h.steps().add(new Net.Step(-1, record));
        if (numeric(r)) h.cursor().number(r.copy());
        else h.cursor().words(r.copy());
        h.text().append(r.copy());
        h.usedInLine().add(record);
        return h.with(h.state().afterCopy(j));
    }

    private boolean pieceAllowed(Hyp h, Relations.Relation before, int v, List<Integer> plan, List<Rec> recs) {
        Relations.Cursor c = h.cursor();
        if (c.quoted()) return c.last() != '「' && vocab.piece(v).indexOf('」') >= 0 && vocab.piece(v).indexOf('「') < 0;
        if (v == Vocabulary.EOS) return h.state().newlines() >= 1 && h.text().charAt(h.text().length() - 1) != '\n';
        if (net.newline(v)) return h.state().newlines() == 0 ? !h.text().isEmpty()
                : h.state().newlines() == 1 && plan.stream().anyMatch(i -> recs.get(i).attr() == Rec.Attr.ANOM);
        if (gluesToNumber(h.text(), vocab.piece(v))) return false;
        if (!wordy[v]) return true;
        String p = vocab.piece(v);
        if (p.indexOf('」') >= 0 || p.contains(Relations.ANOMALY_HEADER) && (c.anomalySection() || h.state().newlines() < 2)) return false;
        Relations.Relation after = c.after(p, "");
        if (names[v] != null && (h.namedInLine().contains(after.entity()) || plan.stream().map(recs::get)
                .noneMatch(r -> r.indicator() == after.entity() && r.inAnomalySection() == after.anomalySection())))
            return false;
        if (p.indexOf('「') >= 0 && !(p.endsWith("「") && p.indexOf('「') == p.length() - 1 && reasonPending(h, after, plan, recs)))
            return false;
        if (after.direction() == 0 || after.direction() == before.direction() && after.entity() == before.entity()) return true;
        boolean pending = false, agrees = false;
        for (int i : plan) {
            Rec r = recs.get(i);
            if (!change(r) || r.copy() == null || r.indicator() != after.entity() || r.inAnomalySection() != after.anomalySection()
                    || h.usedInLine().contains(i)) continue;
            pending = true;
            if (r.sign() == 0 || r.sign() == after.direction()) agrees = true;
        }
        return !pending || agrees;
    }

    /** Whether the plan holds a quote (company explanation) of the indicator being verbalised, not yet copied. */
    private static boolean reasonPending(Hyp h, Relations.Relation after, List<Integer> plan, List<Rec> recs) {
        if (!after.anomalySection()) return false;
        for (int i : plan) {
            Rec r = recs.get(i);
            if (r.attr() == Rec.Attr.REASON && r.indicator() == after.entity() && r.copy() != null && !h.usedInLine().contains(i)) return true;
        }
        return false;
    }

    private boolean copyAllowed(Hyp h, Relations.Relation before, int record, List<Rec> recs) {
        Rec r = recs.get(record);
        if (r.copy() == null || r.copy().isEmpty() || h.usedInLine().contains(record)) return false;
        Relations.Cursor c = h.cursor();
        if (r.attr() == Rec.Attr.REASON) return c.last() == '「' && c.anomalySection() && before.entity() == r.indicator();
        if (c.quoted()) return false;
        if (!numeric(r)) return !gluesToNumber(h.text(), r.copy());
        if (Character.isDigit(c.last()) || c.last() == '.') return false;
        return Relations.states(new Relations.Relation(before.entity(), r.copy(), before.start(), before.start() + r.copy().length(),
                before.anomalySection(), before.direction()), r);
    }

    /**
     * Whether {@code next}, written right after the number the text ends with, would be read as part of it (a digit,
     * or a unit: the 年 of a copied 年度报告 after a copied code makes "603598年", a number no record holds).
     */
    static boolean gluesToNumber(CharSequence text, String next) {
        int end = text.length(), start = end;
        while (start > 0 && (Character.isDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '.' || text.charAt(start - 1) == ','))
            start--;
        if (start == end || !Character.isDigit(text.charAt(end - 1))) return false;
        String number = text.subSequence(start, end).toString();
        Matcher m = NUMBER_ONLY.matcher(number + next);
        return m.lookingAt() && m.end() > number.length();
    }

    /** Option indexes (pieces, then plan positions) by descending score; ties keep the lower index first, as greedy decoding does. */
    private static int[] byScore(float[] z) {
        Integer[] idx = new Integer[z.length];
        for (int i = 0; i < z.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> z[a] != z[b] ? Float.compare(z[b], z[a]) : Integer.compare(a, b));
        int[] out = new int[z.length];
        int k = 0;
        for (int i : idx) if (i >= Vocabulary.EOS && i != Vocabulary.UNK) out[k++] = i;
        return Arrays.copyOf(out, k);
    }

    /** A record printed as a number (what {@link Relations} reads as one relation), not a name, type or quote. */
    private static boolean numeric(Rec r) {
        return r.attr() != Rec.Attr.COMPANY && r.attr() != Rec.Attr.TYPE && r.attr() != Rec.Attr.REASON
                && r.copy() != null && NUMBER_ONLY.matcher(r.copy()).matches();
    }

    private static boolean change(Rec r) {
        return r.attr() == Rec.Attr.YOY || r.attr() == Rec.Attr.PTS || r.attr() == Rec.Attr.ANOM;
    }

    private static double logSumExp(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = Vocabulary.EOS; i < z.length; i++) if (i != Vocabulary.UNK) max = Math.max(max, z[i]);
        double sum = 0;
        for (int i = Vocabulary.EOS; i < z.length; i++) if (i != Vocabulary.UNK) sum += Math.exp(z[i] - max);
        return max + Math.log(sum);
    }

    static String join(List<Net.Step> steps, List<Rec> recs, Vocabulary vocab) {
        StringBuilder b = new StringBuilder();
        for (Net.Step s : steps) {
            if (s.piece() >= 0) b.append(vocab.piece(s.piece()));
            else b.append(recs.get(s.record()).copy() == null ? "" : recs.get(s.record()).copy());
        }
        return b.toString();
    }
}
