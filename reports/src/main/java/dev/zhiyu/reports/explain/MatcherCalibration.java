package dev.zhiyu.reports.explain;

import dev.zhiyu.models.Candidate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains a reasons-matcher version (the train step of {@link ReasonsMatcherKind}). What is learnt from research staff's judgments is cheap and small: the decision
 * threshold on the matcher's score (the pipeline shows the best candidate only at or above it). A version is
 * calibrated on the training part of a judgment snapshot and measured (P/R/F1 of {@link MatcherEvaluation}) on its
 * held-out part and on the dev pairs, each also for the live setting as {@code baseline.*}.
 */
public final class MatcherCalibration {
    /** Agreed judgments needed to calibrate: with a quarter held out, at least two anomalies are measured. */
    public static final int MIN_JUDGMENTS = 8;

    /** Not enough agreed judgments to calibrate; says how many more are needed. */
    public static final class TooFewJudgments extends RuntimeException {
        public TooFewJudgments(int have, int conflicts) {
            super("校准解释匹配器至少需要 " + MIN_JUDGMENTS + " 条无冲突的判断，目前只有 " + have + " 条"
                    + (conflicts > 0 ? "（另有 " + conflicts + " 条存在标注冲突，未计入）" : "")
                    + "，请再对 " + (MIN_JUDGMENTS - have) + " 个异常的解释作出接受或拒绝判断");
        }
    }

    private final ExplanationMatcher base;
    private final ExplanationMatcher keywords = ExplanationMatcher.keywords();
    private final DevPairs dev;

    public MatcherCalibration(ExplanationMatcher base, DevPairs dev) {
        this.base = base;
        this.dev = dev;
    }

    /** {@code train}, {@code held}: the pairs of the snapshot's training and held-out judgments. */
    public Candidate train(JudgmentSnapshot snap, List<MatchPair> train, List<MatchPair> held, MatcherSetting live) {
        if (snap.size() < MIN_JUDGMENTS) throw new TooFewJudgments(snap.size(), snap.conflictsLeftOut());
        List<MatchPair> devSet = dev.pairs();
        Cached b = new Cached(base), k = new Cached(keywords);
        MatcherSetting best = calibrate(b, k, train, live);
        ExplanationMatcher cand = best.apply(b, k), was = live.apply(b, k);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("threshold", best.threshold());
        metrics.put("blend", best.blend());
        put(metrics, "", "train", MatcherEvaluation.of(cand, train));
        put(metrics, "", "heldOut", MatcherEvaluation.of(cand, held));
        put(metrics, "baseline.", "heldOut", MatcherEvaluation.of(was, held));
        metrics.put("train.decisionAccuracy", decisionAccuracy(cand, train));
        metrics.put("heldOut.decisionAccuracy", decisionAccuracy(cand, held));
        metrics.put("baseline.heldOut.decisionAccuracy", decisionAccuracy(was, held));
        put(metrics, "baseline.", "train", MatcherEvaluation.of(was, train));
        if (!devSet.isEmpty()) {
            put(metrics, "", "dev", MatcherEvaluation.of(cand, devSet));
            put(metrics, "baseline.", "dev", MatcherEvaluation.of(was, devSet));
        }
        metrics.put("judgments.training", (double) snap.training().size());
        metrics.put("judgments.heldOut", (double) snap.heldOut().size());
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("base", base.name());
        hyper.put("minJudgments", String.valueOf(MIN_JUDGMENTS));
        return new Candidate(ReasonsMatcherKind.PURPOSE, snap.id(), hyper, metrics, dir -> {
            Files.writeString(dir.resolve(ReasonsMatcherKind.FILE), String.format(Locale.ROOT,
                    "# reasons matcher calibrated on %d judgments%nthreshold=%s%nblend=%s%nbase=%s%n",
                    snap.training().size(), best.threshold(), best.blend(), base.name()), StandardCharsets.UTF_8);
            StringBuilder ids = new StringBuilder("# judgment ids: training, then held-out\n");
            snap.training().forEach(j -> ids.append(j).append('\n'));
            ids.append("--\n");
            snap.heldOut().forEach(j -> ids.append(j).append('\n'));
            Files.writeString(dir.resolve("judgments.txt"), ids, StandardCharsets.UTF_8);
        });
    }

    private static void put(Map<String, Double> m, String prefix, String set, MatcherEvaluation e) {
        m.put(prefix + set + ".precision", e.precision());
        m.put(prefix + set + ".recall", e.recall());
        m.put(prefix + set + ".f1", e.f1());
    }

    /**
     * The setting whose show/hide decisions agree with most judgments. The threshold cannot change which candidate
     * is best, only whether it is shown, so it is fitted to exactly that: shown and right, or hidden and wrong (F1
     * would rather keep one right match than hide nine rejected ones). Candidate thresholds lie midway between the
     * groups' top scores; ties keep what is closest to the live setting.
     */
    static MatcherSetting calibrate(ExplanationMatcher base, ExplanationMatcher keywords, List<MatchPair> pairs,
                                    MatcherSetting live) {
        MatcherSetting best = live;
        double bestAcc = decisionAccuracy(live.apply(base, keywords), pairs);
        // The blend stays the live one: searched too, on a dozen judgments it jumped to the keyword baseline alone
        // (training F1 up, held-out not), so only the threshold is learnt until there are many more judgments.
        for (double t : thresholds(base, keywords, pairs, live.blend(), live.threshold())) {
            MatcherSetting s = new MatcherSetting(t, live.blend());
            double acc = decisionAccuracy(s.apply(base, keywords), pairs);
            if (acc > bestAcc + 1e-12 || Math.abs(acc - bestAcc) <= 1e-12 && distance(s, live) < distance(best, live)) {
                best = s;
                bestAcc = acc;
            }
        }
        return best;
    }

    /** Share of groups where the best candidate is shown (score ≥ 0.5) exactly when it is the explaining one. */
    static double decisionAccuracy(ExplanationMatcher m, List<MatchPair> pairs) {
        List<List<MatchPair>> gs = groups(pairs);
        if (gs.isEmpty()) return 0;
        int right = 0;
        for (List<MatchPair> g : gs) {
            double[] s = m.scoreAll(g.get(0).statement(), g.stream().map(MatchPair::candidate).toList());
            int top = 0;
            for (int i = 1; i < s.length; i++) if (s[i] > s[top]) top = i;
            if (s[top] >= 0.5 == g.get(top).explains()) right++;
        }
        return (double) right / gs.size();
    }

    private static double distance(MatcherSetting a, MatcherSetting b) {
        return Math.abs(a.blend() - b.blend()) * 10 + Math.abs(a.threshold() - b.threshold());
    }

    private static List<Double> thresholds(ExplanationMatcher base, ExplanationMatcher keywords, List<MatchPair> pairs,
                                           double blend, double live) {
        TreeSet<Double> tops = new TreeSet<>();
        for (List<MatchPair> g : groups(pairs)) {
            List<String> cands = g.stream().map(MatchPair::candidate).toList();
            double[] b = base.scoreAll(g.get(0).statement(), cands), k = keywords.scoreAll(g.get(0).statement(), cands);
            double top = 0;
            for (int i = 0; i < b.length; i++) top = Math.max(top, blend * b[i] + (1 - blend) * k[i]);
            tops.add(top);
        }
        List<Double> out = new ArrayList<>(List.of(live, 0.5));
        Double prev = null;
        for (double s : tops) {
            if (prev != null) out.add((prev + s) / 2);
            prev = s;
        }
        if (!tops.isEmpty()) out.add(Math.min(0.99, tops.last() + 1e-6));
        return out.stream().filter(t -> t >= 0.01 && t <= 0.99).toList();
    }

    private static List<List<MatchPair>> groups(List<MatchPair> pairs) {
        Map<String, List<MatchPair>> g = new LinkedHashMap<>();
        for (MatchPair p : pairs) g.computeIfAbsent(p.document() + "\u0000" + p.statement(), x -> new ArrayList<>()).add(p);
        return List.copyOf(g.values());
    }

    /** Scores each (statement, candidates) once: calibration evaluates many settings on the same groups. */
    static final class Cached implements ExplanationMatcher {
        private final ExplanationMatcher m;
        private final Map<String, double[]> memo = new HashMap<>();

        Cached(ExplanationMatcher m) {
            this.m = m;
        }

        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            return memo.computeIfAbsent(statement + "\u0000" + String.join("\u0001", candidates),
                    x -> m.scoreAll(statement, candidates)).clone();
        }

        @Override
        public String name() { return m.name(); }
    }
}
