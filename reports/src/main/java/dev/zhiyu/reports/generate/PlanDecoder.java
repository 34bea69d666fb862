package dev.zhiyu.reports.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *   <li>an indicator may be named only if the plan holds a record of it for this section, a quote is copied only right
 *   after 「 for the indicator being explained, and the text ends only after a body line (outside a quote).</li>
 * </ul>
 * With {@code beam > 1}, the {@code beam} best partial texts (sum of log-probabilities) are kept at each step; the
 * finished ones are returned best first, and the caller publishes the first that passes the checks.
 */
final class PlanDecoder {
    private static final Pattern NUMBER_ONLY = Pattern.compile(Relations.NUMBER.pattern());
    private final Net net;
    private final Vocabulary vocab;
    /** Per piece: may name an indicator or a direction, or open / close a quote (those need the cursor's look-ahead). */
    private final boolean[] wordy;

    /** A finished text: its steps, the text, and its score (sum of log-probabilities, length-normalised). */
    record Candidate(List<Net.Step> steps, String text, double score) {
    }

    PlanDecoder(Net net, Vocabulary vocab) {
        this.net = net;
        this.vocab = vocab;
        wordy = new boolean[vocab.size()];
        for (int v = 0; v < vocab.size(); v++) {
            String p = vocab.piece(v);
            Relations.Cursor c = new Relations.Cursor();
            Relations.Relation bare = c.next(""), after = c.after(p, "");
            wordy[v] = after.entity() != bare.entity() || after.direction() != 0 || p.contains("「") || p.contains("」");
        }
    }

    private record Hyp(List<Net.Step> steps, Net.State state, Relations.Cursor cursor, Set<Integer> usedInLine,
                       StringBuilder text, double logp) {
        Hyp child() {
            return new Hyp(new ArrayList<>(steps), state, cursor.copy(), new HashSet<>(usedInLine), new StringBuilder(text), logp);
        }
    }

    private record Option(Hyp from, int index, double logp) {
    }

    List<Candidate> decode(Net.Encoded e, List<Rec> recs, int beam, int maxTokens) {
        int v = vocab.size(), l = e.reps().length;
        List<Hyp> live = List.of(new Hyp(List.of(), Net.State.START, new Relations.Cursor(), Set.of(), new StringBuilder(), 0));
        List<Hyp> done = new ArrayList<>();
        for (int t = 0; t < maxTokens && !live.isEmpty() && done.size() < beam; t++) {
            List<Option> options = new ArrayList<>();
            for (Hyp h : live) {
                float[] z = net.logits(e.reps(), h.state());
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
                if (o.index() == Vocabulary.EOS) done.add(new Hyp(o.from().steps(), o.from().state(), o.from().cursor(),
                        o.from().usedInLine(), o.from().text(), o.logp()));
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

    private Hyp extend(Option o, List<Integer> plan, List<Rec> recs) {
        Hyp h = o.from().child();
        int v = vocab.size();
        if (o.index() < v) {
            String p = vocab.piece(o.index());
            boolean nl = net.newline(o.index());
            h.steps().add(new Net.Step(o.index(), -1));
            h.cursor().words(p);
            h.text().append(p);
            if (nl) h.usedInLine().clear();
            return new Hyp(h.steps(), h.state().afterPiece(o.index(), nl), h.cursor(), h.usedInLine(), h.text(), o.logp());
        }
        int j = o.index() - v, record = plan.get(j);
        Rec r = recs.get(record);
        h.steps().add(new Net.Step(-1, record));
        if (numeric(r)) h.cursor().number(r.copy());
        else h.cursor().words(r.copy());
        h.text().append(r.copy());
        h.usedInLine().add(record);
        return new Hyp(h.steps(), h.state().afterCopy(j), h.cursor(), h.usedInLine(), h.text(), o.logp());
    }

    private boolean pieceAllowed(Hyp h, Relations.Relation before, int v, List<Integer> plan, List<Rec> recs) {
        Relations.Cursor c = h.cursor();
        if (c.quoted()) return c.last() != '「' && vocab.piece(v).indexOf('」') >= 0 && vocab.piece(v).indexOf('「') < 0;
        if (v == Vocabulary.EOS) return h.state().newlines() >= 1 && h.text().charAt(h.text().length() - 1) != '\n';
        if (h.text().isEmpty() && net.newline(v)) return false;
        if (!wordy[v]) return true;
        String p = vocab.piece(v);
        Relations.Relation after = c.after(p, "");
        if (after.entity() != before.entity() && after.entity() != null
                && plan.stream().map(recs::get).noneMatch(r -> r.indicator() == after.entity() && r.inAnomalySection() == after.anomalySection()))
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
        if (!numeric(r)) return true;
        if (Character.isDigit(c.last()) || c.last() == '.') return false;
        return Relations.states(new Relations.Relation(before.entity(), r.copy(), before.start(), before.start() + r.copy().length(),
                before.anomalySection(), before.direction()), r);
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
