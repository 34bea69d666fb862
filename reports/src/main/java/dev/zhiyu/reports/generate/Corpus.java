package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.explain.Explanation;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsWriter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Training pairs (records → text). Real notes are scarce (four sample reports), so, as the cold-start recipe says,
 * the references are the templates' output over many extracted reports: each real report's extracted indicators
 * are perturbed by a seed (magnitudes across 元/万元/亿元, growth, decline, sign changes and losses, missing
 * values, printed vs computed changes, dropped rows, report type and year), anomalies are re-detected, and each
 * re-uses the company's own explanation for that indicator (or another extracted reason sentence, or none). The
 * reference is the template in a random phrasing variant; when a report has ≥ 3 anomalies the anomalous indicators
 * are mentioned first, an input-dependent order the planner has to learn. Human-edited news approved in review mode
 * enters through {@link #approved} and {@link #withApproved}, weighted above the synthetic pairs.
 */
public final class Corpus {
    private static final Set<Indicator> SIGNED = EnumSet.of(Indicator.NET_PROFIT, Indicator.NET_PROFIT_DEDUCTED,
            Indicator.OPERATING_CASH_FLOW, Indicator.EPS_BASIC, Indicator.EPS_DILUTED);
    private static final ReportInfo.ReportType[] TYPES = {ReportInfo.ReportType.ANNUAL, ReportInfo.ReportType.SEMI_ANNUAL,
            ReportInfo.ReportType.Q1, ReportInfo.ReportType.Q3};

    /** A training or evaluation pair; {@code source} names the real report it derives from, {@code seed} its perturbation. */
    public record Pair(GenerationInput input, String reference, String source, long seed) {
    }

    /** One real report's extraction: the unperturbed input and its pool of extracted explanation sentences. */
    public record Base(String source, GenerationInput input, List<Explanation> pool) {
    }

    private Corpus() {
    }

    /** Runs the report pipeline (keyword explanation matcher) over every PDF in {@code dir}, in file-name order. */
    public static List<Base> bases(Path dir) throws IOException {
        List<Path> pdfs;
        try (var s = Files.list(dir)) {
            pdfs = s.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")).sorted().toList();
        }
        List<Base> out = new ArrayList<>();
        for (Path f : pdfs) out.add(base(f));
        return out;
    }

    /** One report's extraction through the report pipeline (keyword explanation matcher). */
    public static Base base(Path pdf) throws IOException {
        ReportPipeline p = new ReportPipeline(new ReportParser(Limits.defaults(), false),
                new AnomalyDetector(Thresholds.defaults()), ExplanationMatcher.keywords(), false);
        ReportPipeline.Result r = p.run(Files.readAllBytes(pdf), pdf.getFileName().toString());
        return new Base(pdf.getFileName().toString(), new GenerationInput(r.report().info(), r.report().indicators(),
                List.of(), r.matched(), 0), r.candidates());
    }

    /** {@code count} pairs from seeds {@code firstSeed…}; pairs whose reference the aligner cannot map are skipped. */
    public static List<Pair> perturbed(Base base, long firstSeed, int count) {
        List<Pair> out = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + count; seed++) {
            Random rnd = new Random(seed * 1_000_003L + base.source().hashCode());
            GenerationInput in = perturb(base, rnd);
            out.add(new Pair(in, reference(in), base.source(), seed));
        }
        return out;
    }

    /** The real report itself, its reference the template in phrasing variant 0. */
    public static Pair real(Base base) {
        return new Pair(base.input(), reference(base.input()), base.source(), -1);
    }

    /** How many times each approved human-edited pair is repeated in training (synthetic pairs count once). */
    public static final int APPROVED_WEIGHT = 5;

    /**
     * A human-approved text for an input (review mode): the best training data once it accumulates. The main-business
     * paragraph the pipeline inserted is taken out of the reference (the generator inserts it as is), so the input
     * keeps no main-business rows.
     */
    public static Pair approved(GenerationInput input, String headline, String body, String source) {
        String b = body;
        for (int v = 0; v < 2; v++) {
            String segments = NewsWriter.mainBusiness(input.business(), v);
            if (!segments.isEmpty()) b = b.replace("\n" + segments, "").replace(segments, "");
        }
        GenerationInput in = new GenerationInput(input.info(), input.indicators(), List.of(), input.anomalies(), input.variant());
        return new Pair(in, headline + "\n" + b, source, -1);
    }

    /** The training pairs followed by each approved pair {@link #APPROVED_WEIGHT} times. */
    public static List<Pair> withApproved(List<Pair> training, List<Pair> approved) {
        List<Pair> out = new ArrayList<>(training);
        for (Pair p : approved) for (int i = 0; i < APPROVED_WEIGHT; i++) out.add(p);
        return out;
    }

    /** Seeds ≥ this are never used for training: evaluation draws its unseen inputs from them. */
    public static final long EVAL_SEEDS = 1_000_000;

    /**
     * The training split: {@code perReport} perturbations (seeds 0…) of every report except those whose file name
     * starts with {@code holdout}, plus those reports themselves.
     */
    public static List<Pair> training(List<Base> bases, String holdout, int perReport) {
        List<Pair> out = new ArrayList<>();
        for (Base b : bases) if (!b.source().startsWith(holdout)) {
            out.add(real(b));
            out.addAll(perturbed(b, 0, perReport));
        }
        return out;
    }

    /** The template text for an input (without the main-business paragraph, which the generator inserts as is). */
    static String reference(GenerationInput in) {
        List<Indicator> order = NewsWriter.importance();
        if (in.anomalies().size() >= 3) {
            Set<Indicator> anomalous = EnumSet.noneOf(Indicator.class);
            in.anomalies().forEach(m -> anomalous.add(m.anomaly().indicator()));
            List<Indicator> o = new ArrayList<>(order.stream().filter(anomalous::contains).toList());
            order.stream().filter(i -> !anomalous.contains(i)).forEach(o::add);
            order = o;
        }
        NewsWriter.Draft d = NewsWriter.write(in.info(), in.indicators(), List.of(), in.anomalies(), in.variant(), order);
        return d.headline() + "\n" + d.body();
    }

    static GenerationInput perturb(Base base, Random rnd) {
        ReportInfo src = base.input().info();
        int year = 2012 + rnd.nextInt(14);
        ReportInfo.ReportType type = TYPES[rnd.nextInt(TYPES.length)];
        String suffix = switch (type) {
            case SEMI_ANNUAL -> "H1";
            case Q1 -> "Q1";
            case Q3 -> "Q3";
            default -> "";
        };
        ReportInfo info = new ReportInfo(src.code(), src.company(), type, year + suffix);
        List<KeyIndicator> inds = new ArrayList<>();
        for (KeyIndicator k : base.input().indicators()) {
            if (k.indicator() != Indicator.REVENUE && rnd.nextDouble() < 0.12) continue;
            inds.add(indicator(k, rnd));
        }
        Map<Indicator, Explanation> own = new HashMap<>();
        for (MatchedAnomaly m : base.input().anomalies()) if (m.explanation() != null) own.put(m.anomaly().indicator(), m.explanation());
        List<MatchedAnomaly> matched = new ArrayList<>();
        for (Anomaly a : new AnomalyDetector(Thresholds.defaults()).detect(inds)) {
            Explanation e = own.containsKey(a.indicator()) && rnd.nextDouble() < 0.85 ? own.get(a.indicator())
                    : !base.pool().isEmpty() && rnd.nextDouble() < 0.5 ? base.pool().get(rnd.nextInt(base.pool().size())) : null;
            matched.add(new MatchedAnomaly(a, e, e == null ? 0 : 1));
        }
        return new GenerationInput(info, inds, List.of(), matched, rnd.nextInt(2));
    }

    private static KeyIndicator indicator(KeyIndicator k, Random rnd) {
        Value cur = k.current(), prior = k.prior(), change = k.change();
        if (rnd.nextDouble() < 0.03)
            return new KeyIndicator(k.indicator(), k.label(), new Value(null, k.indicator().unit(), src(cur)), prior, change);
        return switch (k.indicator().kind()) {
            case RATIO -> ratio(k, rnd);
            case PER_SHARE -> moved(k, BigDecimal.valueOf(0.01 + rnd.nextDouble() * 2.5).setScale(2 + rnd.nextInt(3), RoundingMode.HALF_UP), rnd);
            case AMOUNT -> {
                double base = cur == null || cur.missing() || cur.number().signum() == 0 ? 1e8 : cur.number().abs().doubleValue();
                double scaled = base * Math.pow(10, rnd.nextDouble() * 3 - 1.5);
                yield moved(k, BigDecimal.valueOf(scaled).setScale(2, RoundingMode.HALF_UP), rnd);
            }
        };
    }

    /** A current value and a prior one by a drawn scenario: small move, surge, plunge, or (signed items) sign change or losses. */
    private static KeyIndicator moved(KeyIndicator k, BigDecimal magnitude, Random rnd) {
        int scale = magnitude.scale();
        double m = magnitude.doubleValue();
        double roll = rnd.nextDouble();
        double cur, prior;
        boolean signed = SIGNED.contains(k.indicator());
        if (signed && roll > 0.93) {
            int scenario = rnd.nextInt(3);
            cur = scenario == 1 ? m : -m;
            prior = scenario == 0 ? m * (0.2 + rnd.nextDouble() * 2) : -m * (0.2 + rnd.nextDouble() * 2);
        } else {
            double g = roll < 0.75 ? rnd.nextDouble() * 0.56 - 0.28 : roll < 0.87 ? 0.3 + rnd.nextDouble() * 1.7 : -0.3 - rnd.nextDouble() * 0.55;
            cur = m;
            prior = m / (1 + g);
        }
        BigDecimal c = BigDecimal.valueOf(cur).setScale(scale, RoundingMode.HALF_UP);
        BigDecimal p = BigDecimal.valueOf(prior).setScale(scale, RoundingMode.HALF_UP);
        Unit unit = k.indicator().unit();
        Value change = null;
        if (p.signum() != 0 && c.signum() * p.signum() > 0 && rnd.nextDouble() < 0.6) {
            BigDecimal pct = c.subtract(p).multiply(BigDecimal.valueOf(100)).divide(p.abs(), 2, RoundingMode.HALF_UP);
            change = new Value(pct, Unit.PERCENT, src(k.change()));
        }
        return new KeyIndicator(k.indicator(), k.label(), new Value(c, unit, src(k.current())), new Value(p, unit, src(k.prior())), change);
    }

    private static KeyIndicator ratio(KeyIndicator k, Random rnd) {
        double base = k.current() == null || k.current().missing() ? 10 : Math.abs(k.current().number().doubleValue());
        BigDecimal c = BigDecimal.valueOf(Math.max(0.01, base * (0.3 + rnd.nextDouble() * 1.4))).setScale(2, RoundingMode.HALF_UP);
        BigDecimal pts = BigDecimal.valueOf(rnd.nextDouble() < 0.8 ? rnd.nextDouble() * 1.8 - 0.9 : rnd.nextDouble() * 8 - 4).setScale(2, RoundingMode.HALF_UP);
        Value change = rnd.nextDouble() < 0.8 ? new Value(pts, Unit.PERCENTAGE_POINT, src(k.change())) : null;
        return new KeyIndicator(k.indicator(), k.label(), new Value(c, Unit.PERCENT, src(k.current())),
                new Value(c.subtract(pts), Unit.PERCENT, src(k.prior())), change);
    }

    private static dev.zhiyu.reports.tables.CellRef src(Value v) {
        return v == null ? null : v.source();
    }
}
