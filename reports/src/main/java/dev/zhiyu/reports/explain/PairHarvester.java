package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.ParsedReport;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.tables.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training pairs from the reports themselves, no hand labels. Rules:
 * <ol>
 *   <li>a positive is (statement about XX, reason) for every "XX变动原因说明：reason" note and every reason-column
 *       cell whose row is XX (the layout states what the sentence explains);</li>
 *   <li>hard negatives pair the same statement with the reasons of the other items of the same document (same
 *       style and vocabulary, different subject); reasons identical to the positive's are skipped;</li>
 *   <li>the statement is the anomaly sentence the pipeline would write ("XX相比同期发生较大变动"); subjects are
 *       normalised labels; a subject keeps only its first reason.</li>
 * </ol>
 */
public final class PairHarvester {
    private PairHarvester() {
    }

    public static List<MatchPair> harvest(ParsedReport report) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Explanation e : ExplanationFinder.find(report)) {
            if (e.subject() == null || e.subject().length() < 2) continue;
            reasons.putIfAbsent(Labels.normalize(e.subject()), e.text());
        }
        List<MatchPair> out = new ArrayList<>();
        for (var s : reasons.entrySet()) {
            String statement = s.getKey() + "相比同期发生较大变动";
            out.add(new MatchPair(report.name(), statement, s.getValue(), true));
            for (var o : reasons.entrySet()) {
                if (o.getKey().equals(s.getKey()) || o.getValue().equals(s.getValue())) continue;
                out.add(new MatchPair(report.name(), statement, o.getValue(), false));
            }
        }
        return out;
    }

    /**
     * Pairs of what a tenant's threshold decides on ({@link Explainer#ranked}), labelled by the layout: for each
     * indicator a note or reason cell ties a reason to, the sentences about that indicator once the tied ones are
     * set aside, each positive when it restates the tied reason (contains it, ignoring spaces and punctuation).
     */
    public static List<MatchPair> ranked(ParsedReport report) {
        List<Explanation> all = ExplanationFinder.find(report);
        List<Explanation> untied = all.stream().filter(e -> e.subject() == null).toList();
        List<MatchPair> out = new ArrayList<>();
        for (Indicator ind : Indicator.values()) {
            List<String> tied = all.stream().filter(e -> e.subject() != null && Explainer.about(e, ind))
                    .map(e -> squash(e.text())).filter(t -> t.length() >= 4).toList();
            if (tied.isEmpty()) continue;
            String statement = ind.chinese() + "相比同期发生较大变动";
            for (String c : Explainer.ranked(ind, untied).stream().map(Explanation::text).distinct().toList())
                out.add(new MatchPair(report.name(), statement, c, tied.stream().anyMatch(squash(c)::contains)));
        }
        return out;
    }

    private static String squash(String s) {
        return s.replaceAll("[\\s\\p{Punct}，。；：、（）“”]", "");
    }
}
