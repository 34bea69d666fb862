package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.news.NewsWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learned generator vs templates on the same held-out inputs: character BLEU-4 against the references, RG precision
 * (share of numbers stated of the right indicator with the right value and direction), content-selection
 * precision/recall and ordering distance (normalised Damerau-Levenshtein) of the records mentioned against the
 * reference's, the fallback rate (texts the checker rejects), and per-report generation latency including the check.
 */
public final class GeneratorEvaluation {
    /** One system's figures on one split. */
    public record Scores(int inputs, double bleu, double rgPrecision, double rgPerReport, double csPrecision,
                         double csRecall, double orderDistance, double fallbackRate, double p50Ms, double p99Ms) {
    }

    /**
     * {@code raw}: the model's own texts; {@code published}: after the checker's fallback; {@code templates};
     * {@code rejections}: why the model's texts were rejected (the checker's message up to its colon → count).
     */
    public record Result(String split, String decoding, Scores raw, Scores published, Scores templates,
                         Map<String, Integer> rejections) {
    }

    /** Inputs generated once per decoding before timing starts (class loading and JIT are not a report's latency). */
    static final int WARM_UP = 10;

    private GeneratorEvaluation() {
    }

    public static Result run(String split, GeneratorModel model, List<Corpus.Pair> pairs) {
        return run(split, model, pairs, GeneratorModel.Decoding.DEFAULT);
    }

    public static Result run(String split, GeneratorModel model, List<Corpus.Pair> pairs, GeneratorModel.Decoding decoding) {
        for (Corpus.Pair p : pairs.subList(0, Math.min(WARM_UP, pairs.size()))) NewsGenerator.learned(model, decoding).attempt(p.input());
        LearnedGenerator g = NewsGenerator.learned(model, decoding);
        List<String> raw = new ArrayList<>(), pub = new ArrayList<>(), tpl = new ArrayList<>();
        List<Boolean> fellBack = new ArrayList<>(), tplRejected = new ArrayList<>();
        List<Double> learnedMs = new ArrayList<>(), templateMs = new ArrayList<>();
        Map<String, Integer> why = new TreeMap<>();
        for (Corpus.Pair p : pairs) {
            GenerationInput in = p.input();
            long t0 = System.nanoTime();
            LearnedGenerator.Outcome o = g.attempt(in);
            learnedMs.add((System.nanoTime() - t0) / 1e6);
            raw.add(o.modelText());
            pub.add(o.draft().headline() + "\n" + o.draft().body());
            fellBack.add(!o.learned());
            o.rejections().stream().map(x -> x.contains("：") ? x.substring(0, x.indexOf('：')) : x).distinct()
                    .forEach(x -> why.merge(x, 1, Integer::sum));
            long t1 = System.nanoTime();
            NewsWriter.Draft d = NewsWriter.write(in.info(), in.indicators(), in.business(), in.anomalies(), 0);
            String text = d.headline() + "\n" + d.body();
            tplRejected.add(!LearnedGenerator.problems(text, d, in).isEmpty());
            templateMs.add((System.nanoTime() - t1) / 1e6);
            tpl.add(text);
        }
        return new Result(split, decoding.name(), scores(raw, pairs, fellBack, learnedMs), scores(pub, pairs, fellBack, learnedMs),
                scores(tpl, pairs, tplRejected, templateMs), why);
    }

    private static Scores scores(List<String> texts, List<Corpus.Pair> pairs, List<Boolean> rejected, List<Double> ms) {
        long rels = 0, correct = 0, matched = 0, generated = 0, referenced = 0;
        double order = 0;
        for (int i = 0; i < texts.size(); i++) {
            List<Rec> recs = Records.of(pairs.get(i).input());
            for (Relations.Relation r : Relations.of(texts.get(i))) {
                rels++;
                if (recs.stream().anyMatch(x -> Relations.states(r, x))) correct++;
            }
            List<Integer> gen = Alignment.mentions(texts.get(i), recs), ref = Alignment.mentions(pairs.get(i).reference(), recs);
            int[] o = TextMetrics.overlap(gen, ref);
            matched += o[0];
            generated += o[1];
            referenced += o[2];
            order += TextMetrics.orderDistance(gen, ref);
        }
        int n = texts.size();
        return new Scores(n, TextMetrics.bleu(texts, pairs.stream().map(Corpus.Pair::reference).toList()),
                rels == 0 ? 0 : (double) correct / rels, n == 0 ? 0 : (double) correct / n,
                generated == 0 ? 0 : (double) matched / generated, referenced == 0 ? 0 : (double) matched / referenced,
                n == 0 ? 0 : order / n, n == 0 ? 0 : rejected.stream().filter(b -> b).count() / (double) n,
                TextMetrics.percentile(ms, 50), TextMetrics.percentile(ms, 99));
    }

    /** The held-out splits: unseen perturbations of the held-out report (and the report itself), and unseen seeds of the training reports. */
    public static List<Result> standard(GeneratorModel model, List<Corpus.Base> bases, String holdout, int perSplit) {
        return standard(model, bases, holdout, perSplit, List.of(GeneratorModel.Decoding.FREE,
                GeneratorModel.Decoding.CONSTRAINED, GeneratorModel.Decoding.BEAM));
    }

    /** Every split decoded each way in {@code decodings} (same weights, same inputs). */
    public static List<Result> standard(GeneratorModel model, List<Corpus.Base> bases, String holdout, int perSplit,
                                        List<GeneratorModel.Decoding> decodings) {
        List<Corpus.Pair> unseenReport = new ArrayList<>(), unseenSeeds = new ArrayList<>();
        List<Corpus.Base> training = bases.stream().filter(b -> !b.source().startsWith(holdout)).toList();
        for (Corpus.Base b : bases) if (b.source().startsWith(holdout)) {
            unseenReport.add(Corpus.real(b));
            unseenReport.addAll(Corpus.perturbed(b, Corpus.EVAL_SEEDS, perSplit));
        }
        for (Corpus.Base b : training)
            unseenSeeds.addAll(Corpus.perturbed(b, Corpus.EVAL_SEEDS, Math.max(1, perSplit / Math.max(1, training.size()))));
        List<Result> out = new ArrayList<>();
        for (GeneratorModel.Decoding d : decodings) if (!unseenReport.isEmpty()) out.add(run("未见报告 " + holdout, model, unseenReport, d));
        for (GeneratorModel.Decoding d : decodings) if (!unseenSeeds.isEmpty()) out.add(run("训练报告的未见扰动", model, unseenSeeds, d));
        return out;
    }

    public static String format(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-28s %-22s %5s %6s %6s %6s %6s %6s %7s %7s %8s %8s%n", "split", "system", "n", "BLEU",
                "RG-P", "RG/篇", "CS-P", "CS-R", "DLD", "回退率", "p50ms", "p99ms"));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            row(b, r.split(), "model/" + r.decoding(), r.raw());
            row(b, r.split(), "published/" + r.decoding(), r.published());
            if (i + 1 == results.size() || !results.get(i + 1).split().equals(r.split())) row(b, r.split(), "templates", r.templates());
        }
        for (Result r : results)
            b.append(r.split()).append(" [").append(r.decoding()).append("] 回退原因（篇数）：").append(r.rejections()).append('\n');
        return b.toString();
    }

    private static void row(StringBuilder b, String split, String system, Scores s) {
        b.append(String.format(Locale.ROOT, "%-28s %-22s %5d %6.4f %6.4f %6.2f %6.4f %6.4f %7.4f %7.4f %8.2f %8.2f%n", split, system,
                s.inputs(), s.bleu(), s.rgPrecision(), s.rgPerReport(), s.csPrecision(), s.csRecall(), s.orderDistance(),
                s.fallbackRate(), s.p50Ms(), s.p99Ms()));
    }
}
