package dev.zhiyu.server.reports;

import dev.zhiyu.reports.explain.Explainer;
import dev.zhiyu.reports.explain.Explanation;
import dev.zhiyu.reports.explain.JudgmentSnapshot;
import dev.zhiyu.reports.explain.MatchPair;
import dev.zhiyu.reports.indicators.Indicator;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Research staff's accept/reject judgments of the explanation matched to a report anomaly, append-only in the tenant
 * database. A judgment says which of the report's candidate sentences explains the anomaly: accepting names the
 * matched sentence (or the chosen one), rejecting names the chosen replacement or none of them (the annotator could
 * have picked one). Each annotator's newest judgment counts; annotators naming different sentences are a conflict,
 * left out of training until they agree.
 */
public final class ExplanationJudgments {
    public enum Verdict { ACCEPT, REJECT }

    public record Judgment(long id, long reportId, String indicator, int anomalyIndex, Verdict verdict,
                           String matchedSentence, String chosenSentence, String annotator, Instant judgedAt) {
        /** The sentence this judgment says explains the anomaly; null: none of the report's candidates. */
        public String explaining() {
            if (chosenSentence != null) return chosenSentence;
            return verdict == Verdict.ACCEPT ? matchedSentence : null;
        }

        String anomalyKey() { return reportId + "/" + indicator; }
    }

    public record Conflict(long reportId, String indicator, int anomalyIndex, List<Judgment> judgments) {
    }

    /** The agreed judgments (newest per annotator, all naming the same sentence) and how many anomalies conflict. */
    public record Agreed(List<Judgment> judgments, int conflicts) {
    }

    private final Jdbi jdbi;

    public ExplanationJudgments(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Judgment add(long reportId, String indicator, int anomalyIndex, Verdict verdict, String matched, String chosen,
                        String annotator) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO explanation_judgments (document_id, indicator, "
                        + "anomaly_index, verdict, matched_sentence, chosen_sentence, annotator, judged_at) "
                        + "VALUES (:d, :i, :n, :v, :m, :c, :a, :t)")
                .bind("d", reportId).bind("i", indicator).bind("n", anomalyIndex).bind("v", verdict.name())
                .bind("m", matched).bind("c", chosen).bind("a", annotator).bind("t", now)
                .executeAndReturnGeneratedKeys("judgment_id").mapTo(Long.class).one());
        return new Judgment(id, reportId, indicator, anomalyIndex, verdict, matched, chosen, annotator, now.toInstant());
    }

    /** Oldest first. */
    public List<Judgment> history(long reportId, String indicator) {
        return query("WHERE document_id = :d AND indicator = :i", Map.of("d", reportId, "i", indicator));
    }

    public List<Judgment> all() {
        return query("", Map.of());
    }

    private List<Judgment> query(String where, Map<String, Object> binds) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT * FROM explanation_judgments " + where + " ORDER BY judgment_id");
            binds.forEach(q::bind);
            return q.map((rs, ctx) -> new Judgment(rs.getLong("judgment_id"), rs.getLong("document_id"),
                    rs.getString("indicator"), rs.getInt("anomaly_index"), Verdict.valueOf(rs.getString("verdict")),
                    rs.getString("matched_sentence"), rs.getString("chosen_sentence"), rs.getString("annotator"),
                    rs.getTimestamp("judged_at").toInstant())).list();
        });
    }

    /** Each anomaly's newest judgment per annotator, grouped by anomaly (in order of first judgment). */
    private Map<String, List<Judgment>> newestPerAnnotator() {
        Map<String, Map<String, Judgment>> by = new LinkedHashMap<>();
        for (Judgment j : all()) by.computeIfAbsent(j.anomalyKey(), k -> new LinkedHashMap<>()).put(j.annotator(), j);
        Map<String, List<Judgment>> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
        return out;
    }

    public List<Conflict> conflicts() {
        List<Conflict> out = new ArrayList<>();
        for (List<Judgment> js : newestPerAnnotator().values()) {
            if (disagree(js)) {
                Judgment first = js.get(0);
                out.add(new Conflict(first.reportId(), first.indicator(), first.anomalyIndex(), js));
            }
        }
        return out;
    }

    public Agreed agreed() {
        List<Judgment> ok = new ArrayList<>();
        int conflicts = 0;
        for (List<Judgment> js : newestPerAnnotator().values()) {
            if (disagree(js)) conflicts++;
            else ok.add(js.stream().max(java.util.Comparator.comparingLong(Judgment::id)).orElseThrow());
        }
        return new Agreed(ok, conflicts);
    }

    private static boolean disagree(List<Judgment> js) {
        return js.stream().map(Judgment::explaining).map(s -> Objects.requireNonNullElse(s, "\u0000none"))
                .distinct().count() > 1;
    }

    /** Freezes the agreed judgments: every fourth anomaly in a fixed order (by a hash of its key) is held out. */
    public JudgmentSnapshot snapshot(String by) {
        Agreed a = agreed();
        List<Judgment> ordered = new ArrayList<>(a.judgments());
        ordered.sort(java.util.Comparator.comparingInt((Judgment j) -> j.anomalyKey().hashCode()).thenComparingLong(Judgment::id));
        List<Long> training = new ArrayList<>(), heldOut = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) (i % 4 == 3 ? heldOut : training).add(ordered.get(i).id());
        String id = UUID.randomUUID().toString();
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO explanation_snapshots (snapshot_id, judgment_count, held_out_count, "
                            + "conflicts_left_out, created_at, created_by) VALUES (:s, :n, :ho, :c, :t, :by)")
                    .bind("s", id).bind("n", ordered.size()).bind("ho", heldOut.size()).bind("c", a.conflicts())
                    .bind("t", OffsetDateTime.now(ZoneOffset.UTC)).bind("by", by).execute();
            var b = h.prepareBatch("INSERT INTO explanation_snapshot_items (snapshot_id, judgment_id, held_out) VALUES (?, ?, ?)");
            training.forEach(j -> b.add(id, j, false));
            heldOut.forEach(j -> b.add(id, j, true));
            if (b.size() > 0) b.execute();
        });
        return new JudgmentSnapshot(id, training, heldOut, a.conflicts());
    }

    /** The report's candidate explanation sentences (distinct, in stored order). */
    public List<String> candidates(long reportId) {
        return List.copyOf(new LinkedHashSet<>(jdbi.withHandle(h -> h.createQuery(
                        "SELECT sentence FROM report_explanations WHERE document_id = :d ORDER BY id")
                .bind("d", reportId).mapTo(String.class).list())));
    }

    /** The statement of the anomaly a judgment is about (null when the report is gone). */
    String statement(long reportId, String indicator) {
        return jdbi.withHandle(h -> h.createQuery("SELECT statement FROM report_anomalies WHERE document_id = :d AND indicator = :i")
                .bind("d", reportId).bind("i", indicator).mapTo(String.class).findOne().orElse(null));
    }

    /** The report's candidate explanations as stored (in stored order), with their subjects and sources. */
    List<Explanation> explanations(long reportId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT source_kind, subject, page_no, section, sentence FROM report_explanations WHERE document_id = :d ORDER BY id")
                .bind("d", reportId).map((rs, ctx) -> new Explanation(rs.getString("sentence"), rs.getString("subject"),
                        Explanation.Source.valueOf(rs.getString("source_kind")), rs.getInt("page_no"), rs.getString("section")))
                .list());
    }

    /**
     * The judgments as labelled pairs, on what the pipeline's threshold decides: the anomaly's statement with each
     * candidate the {@link Explainer} ranks for its indicator, the sentence the judgment names labelled as explaining
     * it and every other as not (a judgment naming none of them, or a sentence outside them, says the top one must
     * not be shown). An anomaly the layout ties a reason to, or with no candidate about its indicator, gives no pairs:
     * no threshold changes what it shows.
     */
    public List<MatchPair> pairs(List<Long> judgmentIds) {
        Map<Long, Judgment> byId = new LinkedHashMap<>();
        all().forEach(j -> byId.put(j.id(), j));
        List<MatchPair> out = new ArrayList<>();
        for (long id : judgmentIds) {
            Judgment j = byId.get(id);
            if (j == null) continue;
            String statement = statement(j.reportId(), j.indicator());
            if (statement == null) continue;
            String yes = j.explaining();
            List<String> ranked = Explainer.ranked(Indicator.valueOf(j.indicator()), explanations(j.reportId())).stream()
                    .map(Explanation::text).distinct().toList();
            for (String c : ranked) out.add(new MatchPair("report:" + j.reportId(), statement, c, c.equals(yes)));
        }
        return out;
    }
}
