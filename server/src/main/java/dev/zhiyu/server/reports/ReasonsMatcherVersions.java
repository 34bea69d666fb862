package dev.zhiyu.server.reports;

import dev.zhiyu.models.CorruptArtifactException;
import dev.zhiyu.models.LiveChange;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelStatus;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.reports.ExplanationMatcher;
import dev.zhiyu.reports.MatchPair;
import dev.zhiyu.reports.MatcherEvaluation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A tenant's reasons matcher as versions of purpose {@value #PURPOSE} in its model registry (issue 9). What is learnt
 * from research staff's judgments is cheap and small: the decision threshold on the matcher's score (the pipeline
 * shows the best candidate only at or above it) and the blend of the BGE matcher with the keyword baseline. A version
 * is calibrated on the training part of a judgment snapshot, measured (P/R/F1 of {@link MatcherEvaluation}) on its
 * held-out part and on the shipped dev pairs against the live setting, stored as a checksummed artifact, and made
 * live only by an explicit promotion that refuses a version worse than the live setting.
 */
public final class ReasonsMatcherVersions {
    public static final String PURPOSE = "reasons-matcher";
    /** Agreed judgments needed to calibrate: with a quarter held out, at least two anomalies are measured. */
    public static final int MIN_JUDGMENTS = 8;
    /** How much F1 on the shipped dev pairs a version may give up for the tenant's own judgments. */
    static final double DEV_TOLERANCE = 0.05;
    static final String FILE = "reasons-matcher.properties";

    /** The learnt setting: show a match when the blended score ≥ {@code threshold}. */
    public record Setting(double threshold, double blend) {
        public static final Setting DEFAULT = new Setting(0.5, 1.0);

        public Setting {
            if (!(threshold > 0 && threshold < 1) || !(blend >= 0 && blend <= 1))
                throw new IllegalArgumentException("阈值应在 (0, 1) 内、融合权重应在 [0, 1] 内：" + threshold + ", " + blend);
        }

        /** The matcher whose score is ≥ 0.5 exactly when this setting accepts (what the pipeline compares with). */
        public ExplanationMatcher apply(ExplanationMatcher base, ExplanationMatcher keywords) {
            return new Calibrated(base, keywords, this);
        }
    }

    /** Not enough agreed judgments to calibrate; says how many more are needed. */
    public static final class TooFewJudgments extends RuntimeException {
        public TooFewJudgments(int have, int conflicts) {
            super("校准解释匹配器至少需要 " + MIN_JUDGMENTS + " 条无冲突的判断，目前只有 " + have + " 条"
                    + (conflicts > 0 ? "（另有 " + conflicts + " 条存在标注冲突，未计入）" : "")
                    + "，请再对 " + (MIN_JUDGMENTS - have) + " 个异常的解释作出接受或拒绝判断");
        }
    }

    private final ModelLifecycle lifecycle;
    private final ExplanationMatcher base;
    private final ExplanationMatcher keywords = ExplanationMatcher.keywords();

    public ReasonsMatcherVersions(ModelLifecycle lifecycle, ExplanationMatcher base) {
        this.lifecycle = lifecycle;
        this.base = base;
    }

    public Optional<ModelVersion> live() {
        return lifecycle.registry().live(PURPOSE);
    }

    public List<ModelVersion> list() {
        return lifecycle.registry().list(PURPOSE);
    }

    /** The live setting (verified by checksum), or the default when none is live. */
    public Setting liveSetting() {
        return live().map(this::load).orElse(Setting.DEFAULT);
    }

    /**
     * Calibrates a candidate on the snapshot's training judgments and registers it with its metrics (held-out
     * judgments, dev pairs, each also for the live setting as {@code baseline.*}); its parent is the live version.
     */
    public ModelVersion train(ExplanationJudgments.Snapshot snap, ExplanationJudgments judgments, List<MatchPair> dev,
                              String by) throws IOException {
        int have = snap.training().size() + snap.heldOut().size();
        if (have < MIN_JUDGMENTS) throw new TooFewJudgments(have, snap.conflictsLeftOut());
        List<MatchPair> train = judgments.pairs(snap.training()), held = judgments.pairs(snap.heldOut());
        Cached b = new Cached(base), k = new Cached(keywords);
        Setting live = liveSetting();
        Setting best = calibrate(b, k, train, live);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("threshold", best.threshold());
        metrics.put("blend", best.blend());
        put(metrics, "", "train", MatcherEvaluation.of(best.apply(b, k), train));
        put(metrics, "", "heldOut", MatcherEvaluation.of(best.apply(b, k), held));
        put(metrics, "baseline.", "heldOut", MatcherEvaluation.of(live.apply(b, k), held));
        metrics.put("train.decisionAccuracy", decisionAccuracy(best.apply(b, k), train));
        metrics.put("heldOut.decisionAccuracy", decisionAccuracy(best.apply(b, k), held));
        metrics.put("baseline.heldOut.decisionAccuracy", decisionAccuracy(live.apply(b, k), held));
        put(metrics, "baseline.", "train", MatcherEvaluation.of(live.apply(b, k), train));
        if (!dev.isEmpty()) {
            put(metrics, "", "dev", MatcherEvaluation.of(best.apply(b, k), dev));
            put(metrics, "baseline.", "dev", MatcherEvaluation.of(live.apply(b, k), dev));
        }
        metrics.put("judgments.training", (double) snap.training().size());
        metrics.put("judgments.heldOut", (double) snap.heldOut().size());
        return register(best, snap, metrics, by);
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
    static Setting calibrate(ExplanationMatcher base, ExplanationMatcher keywords, List<MatchPair> pairs, Setting live) {
        Setting best = live;
        double bestAcc = decisionAccuracy(live.apply(base, keywords), pairs);
        // The blend stays the live one: searched too, on a dozen judgments it jumped to the keyword baseline alone
        // (training F1 up, held-out not), so only the threshold is learnt until there are many more judgments.
        for (double t : thresholds(base, keywords, pairs, live.blend(), live.threshold())) {
            Setting s = new Setting(t, live.blend());
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

    private static double distance(Setting a, Setting b) {
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

    private ModelVersion register(Setting s, ExplanationJudgments.Snapshot snap, Map<String, Double> metrics, String by)
            throws IOException {
        String id = UUID.randomUUID().toString();
        var artifacts = lifecycle.artifacts();
        try {
            Path dir = artifacts.staging(id);
            Files.writeString(dir.resolve(FILE), String.format(Locale.ROOT,
                    "# reasons matcher calibrated on %d judgments%nthreshold=%s%nblend=%s%nbase=%s%n",
                    snap.training().size(), s.threshold(), s.blend(), base.name()), StandardCharsets.UTF_8);
            StringBuilder ids = new StringBuilder("# judgment ids: training, then held-out\n");
            snap.training().forEach(j -> ids.append(j).append('\n'));
            ids.append("--\n");
            snap.heldOut().forEach(j -> ids.append(j).append('\n'));
            Files.writeString(dir.resolve("judgments.txt"), ids, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            artifacts.discard(id);
            throw e;
        }
        var stored = artifacts.seal(id);
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("base", base.name());
        hyper.put("minJudgments", String.valueOf(MIN_JUDGMENTS));
        ModelVersion v = new ModelVersion(id, PURPOSE, live().map(ModelVersion::id).orElse(null), snap.id(), hyper,
                metrics, stored.sizeBytes(), stored.sha256(), Instant.now(), by, ModelStatus.CANDIDATE);
        lifecycle.registry().add(v);
        return v;
    }

    /** The version's setting after its checksum was verified ({@link CorruptArtifactException} otherwise). */
    public Setting load(ModelVersion v) {
        Path dir = lifecycle.artifacts().verified(v.id(), v.sha256());
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8)));
            return new Setting(Double.parseDouble(p.getProperty("threshold")), Double.parseDouble(p.getProperty("blend")));
        } catch (IOException | RuntimeException e) {
            throw new CorruptArtifactException("解释匹配器版本 " + v.id() + " 无法加载：" + e.getMessage());
        }
    }

    /**
     * Makes a candidate live after verifying it, unless it is worse than the setting it was measured against: lower
     * decision accuracy or F1 on the held-out judgments, or F1 more than {@value #DEV_TOLERANCE} lower on the dev pairs.
     */
    public ModelVersion promote(String id, String by, boolean force) {
        ModelVersion v = find(id);
        if (v.status() == ModelStatus.LIVE) return v;
        load(v);
        String worse = worse(v.metrics());
        if (worse != null && !force)
            throw new IllegalStateException("版本 " + id + " 不如线上设置，拒绝上线：" + worse + "（管理员可用 force 强制上线）");
        lifecycle.registry().makeLive(PURPOSE, live().map(ModelVersion::id).orElse(null), id, by,
                worse == null ? "手动上线" : "强制上线：" + worse);
        return find(id);
    }

    static String worse(Map<String, Double> m) {
        double held = m.getOrDefault("heldOut.decisionAccuracy", 0.0), heldBase = m.getOrDefault("baseline.heldOut.decisionAccuracy", 0.0);
        if (held + 1e-12 < heldBase)
            return String.format(Locale.ROOT, "留出判断上决定正确率 %.3f 低于线上 %.3f", held, heldBase);
        if (m.getOrDefault("heldOut.f1", 0.0) + 1e-12 < m.getOrDefault("baseline.heldOut.f1", 0.0))
            return String.format(Locale.ROOT, "留出判断上 F1 %.3f 低于线上 %.3f", m.get("heldOut.f1"), m.get("baseline.heldOut.f1"));
        if (m.containsKey("dev.f1") && m.get("dev.f1") + DEV_TOLERANCE < m.getOrDefault("baseline.dev.f1", 0.0))
            return String.format(Locale.ROOT, "开发集上 F1 %.3f 比线上 %.3f 低了超过 %.2f", m.get("dev.f1"),
                    m.get("baseline.dev.f1"), DEV_TOLERANCE);
        return null;
    }

    /** Puts back the version that was live before the current one (verified first). */
    public ModelVersion rollback(String by) {
        ModelVersion current = live().orElseThrow(() -> new IllegalStateException("解释匹配器没有上线的版本，无法回滚"));
        String previous = lifecycle.registry().history(PURPOSE).stream().filter(h -> current.id().equals(h.toId()))
                .map(LiveChange::fromId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (previous == null) throw new IllegalStateException("版本 " + current.id() + " 之前没有上线过的版本，无法回滚");
        load(find(previous));
        lifecycle.registry().makeLive(PURPOSE, current.id(), previous, by, "回滚自 " + current.id());
        return find(previous);
    }

    private ModelVersion find(String id) {
        return lifecycle.registry().find(id).filter(x -> x.purpose().equals(PURPOSE))
                .orElseThrow(() -> new dev.zhiyu.models.UnknownIdException("没有解释匹配器版本 " + id));
    }

    /**
     * The matcher a tenant's pipeline uses: {@code base} under the tenant's live setting, re-resolved whenever the
     * registry records a promotion or rollback; the default setting while none is live, without a registry, or when
     * the live version fails its checksum.
     */
    public static ExplanationMatcher live(ExplanationMatcher base, Supplier<ModelLifecycle> lifecycle) {
        return new LiveMatcher(base, lifecycle);
    }

    private static final class LiveMatcher implements ExplanationMatcher {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveMatcher.class);
        private final ExplanationMatcher base;
        private final ExplanationMatcher keywords = ExplanationMatcher.keywords();
        private final Supplier<ModelLifecycle> lifecycle;
        private volatile long seen = Long.MIN_VALUE;
        private volatile ExplanationMatcher current;

        LiveMatcher(ExplanationMatcher base, Supplier<ModelLifecycle> lifecycle) {
            this.base = base;
            this.lifecycle = lifecycle;
            this.current = Setting.DEFAULT.apply(base, keywords);
        }

        private ExplanationMatcher resolve() {
            ModelLifecycle l = lifecycle.get();
            if (l == null) return current;
            long change = l.registry().lastChange();
            if (change == seen) return current;
            Setting s = Setting.DEFAULT;
            try {
                s = new ReasonsMatcherVersions(l, base).liveSetting();
            } catch (RuntimeException e) {
                LOG.error("租户 {}：上线的解释匹配器版本无法使用，改用默认阈值 0.5：{}", l.tenant(), e.getMessage());
            }
            current = s.apply(base, keywords);
            seen = change;
            return current;
        }

        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            return resolve().scoreAll(statement, candidates);
        }

        @Override
        public String name() { return resolve().name(); }
    }

    /**
     * Blends the base and keyword scores and maps the threshold to 0.5, piecewise linearly (ranks are kept, so the
     * pipeline's "best candidate, shown if ≥ 0.5" becomes "best candidate, shown if ≥ threshold").
     */
    private record Calibrated(ExplanationMatcher base, ExplanationMatcher keywords, Setting s) implements ExplanationMatcher {
        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            double[] b = base.scoreAll(statement, candidates);
            double[] k = s.blend() < 1 ? keywords.scoreAll(statement, candidates) : new double[b.length];
            double[] out = new double[b.length];
            double t = s.threshold();
            for (int i = 0; i < b.length; i++) {
                double x = s.blend() * b[i] + (1 - s.blend()) * k[i];
                out[i] = x < t ? 0.5 * x / t : 0.5 + 0.5 * (x - t) / (1 - t);
            }
            return out;
        }

        @Override
        public String name() {
            return String.format(Locale.ROOT, "%s@%.3f%s", base.name(), s.threshold(),
                    s.blend() < 1 ? String.format(Locale.ROOT, "+keyword(%.2f)", 1 - s.blend()) : "");
        }
    }

    private static volatile List<MatchPair> devPairs;

    /**
     * Pairs harvested ({@link dev.zhiyu.reports.PairHarvester}) from the shipped sample reports: the PDFs in
     * {@code -Dzhiyu.reports.devPdfs} or in {@code shared/data/reports/pdfs} beside the checkout; parsed once per
     * process; empty when they are not there (the version then carries no dev.* metrics).
     */
    public static List<MatchPair> shippedDevPairs() {
        List<MatchPair> d = devPairs;
        if (d != null) return d;
        List<String> dirs = new ArrayList<>();
        String configured = System.getProperty("zhiyu.reports.devPdfs");
        if (configured != null) dirs.add(configured);
        dirs.addAll(List.of("../shared/data/reports/pdfs", "../../shared/data/reports/pdfs", "shared/data/reports/pdfs"));
        List<MatchPair> out = new ArrayList<>();
        for (String dir : dirs) {
            Path p = Path.of(dir);
            if (!Files.isDirectory(p)) continue;
            var parser = new dev.zhiyu.reports.ReportParser(dev.zhiyu.reports.Limits.defaults(), false);
            try (var files = Files.list(p)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".pdf")).sorted().toList())
                    out.addAll(dev.zhiyu.reports.PairHarvester.harvest(parser.parse(f)));
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ReasonsMatcherVersions.class).warn("开发集报告无法读取：{}", e.toString());
                out.clear();
                continue;
            }
            break;
        }
        devPairs = List.copyOf(out);
        return devPairs;
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
