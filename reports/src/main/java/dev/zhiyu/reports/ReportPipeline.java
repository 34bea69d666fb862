package dev.zhiyu.reports;

import dev.zhiyu.reports.explain.Explainer;
import dev.zhiyu.reports.explain.Explanation;
import dev.zhiyu.reports.explain.ExplanationFinder;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.reports.news.HoldReasons;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.news.NewsWriter;
import dev.zhiyu.reports.news.NumberChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One PDF to one checked news item: parse → key indicators → anomalies → explanations → news → number check.
 * An anomaly takes an explanation only from the places a report states reasons, about that indicator
 * ({@link Explainer}), shown at the matcher's threshold (a tenant's calibrated {@code MatcherSetting} is applied in
 * its matcher); otherwise the news says nothing about reasons. News is published only when every claim holds against
 * the report (see {@link #check}); in review mode every item is held for a human.
 */
public final class ReportPipeline {
    private final ReportParser parser;
    private final AnomalyDetector detector;
    private final ExplanationMatcher matcher;
    private final boolean review;
    private final DraftWriter writer;

    public ReportPipeline(ReportParser parser, AnomalyDetector detector, ExplanationMatcher matcher, boolean review) {
        this(parser, detector, matcher, review, DraftWriter.TEMPLATES);
    }

    /** With another news writer (a learned generator); the number check below still decides what is published. */
    public ReportPipeline(ReportParser parser, AnomalyDetector detector, ExplanationMatcher matcher, boolean review,
                          DraftWriter writer) {
        this.writer = writer;
        this.parser = parser;
        this.detector = detector;
        this.matcher = matcher;
        this.review = review;
    }

    /** Milliseconds spent in each stage. */
    public record Timings(long parseMs, long analyseMs, long newsMs) {
        public long totalMs() { return parseMs + analyseMs + newsMs; }
    }

    public record Result(ParsedReport report, List<Anomaly> anomalies, List<MatchedAnomaly> matched,
                         List<Explanation> candidates, NewsItem news, Timings timings) {
    }

    public Result run(byte[] pdf, String name) {
        long t0 = System.nanoTime();
        ParsedReport report = parser.parse(pdf, name);
        if (report.indicators().isEmpty())
            throw new ReportException(InputProblem.NOT_A_REPORT, name + "（共 " + report.pageCount() + " 页）");
        long t1 = System.nanoTime();
        List<Anomaly> anomalies = detector.detect(report.indicators());
        List<Explanation> candidates = ExplanationFinder.find(report);
        List<MatchedAnomaly> matched = new ArrayList<>();
        for (Anomaly a : anomalies) matched.add(explain(a, candidates));
        long t2 = System.nanoTime();
        NewsWriter.Draft d = writer.write(report.info(), report.indicators(), report.mainBusiness(), matched,
                report.sha256().hashCode());
        NewsItem news = check(report, d, review);
        long t3 = System.nanoTime();
        return new Result(report, anomalies, matched, candidates, news,
                new Timings((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
    }

    /**
     * Checks a draft (or a human's edit of it) against the report and decides its status: published only when every
     * claim holds, the cover's identity is known and the headline indicators agree with themselves, and the tenant
     * publishes automatically ({@code review} false); otherwise held for review with the reasons as its problems.
     */
    public static NewsItem check(ParsedReport report, NewsWriter.Draft d, boolean review) {
        List<String> problems = new ArrayList<>(HoldReasons.of(report.info(), report.indicators(), d.headline()));
        problems.addAll(quartersAgainstYear(report));
        problems.addAll(NumberChecker.check(d.headline() + "\n" + d.body(), report.info(), report.indicators(),
                report.mainBusiness(), d.quotes()));
        NewsItem.Status status = problems.isEmpty() && !review ? NewsItem.Status.PUBLISHED : NewsItem.Status.HELD_FOR_REVIEW;
        return new NewsItem(d.headline(), d.body(), status, d.sources(), d.quotes(), problems);
    }

    /** An annual row whose printed quarters do not add up to it was read from the wrong place, or the report errs. */
    private static List<String> quartersAgainstYear(ParsedReport report) {
        if (report.pages == null) return List.of();
        Map<Indicator, List<Value>> quarters = KeyIndicatorExtractor.quarterParts(report.pages);
        return report.indicators().stream().filter(k -> quarters.containsKey(k.indicator()))
                .flatMap(k -> RowCheck.partsProblem(k, quarters.get(k.indicator())).stream())
                .map(p -> "分季度数据与全年不符，未自动发布：" + p).toList();
    }

    /** The tenant's threshold is in the matcher: a calibrated matcher scores 0.5 exactly at it. */
    MatchedAnomaly explain(Anomaly a, List<Explanation> candidates) {
        return Explainer.explain(a, candidates, matcher);
    }
}
