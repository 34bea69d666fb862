package dev.zhiyu.dialog;

import dev.zhiyu.nlp.SentenceEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall and abstention of the problem matcher on {@code problems/paraphrases.tsv} (problem paraphrases of
 * the shipped 开户断点回访 written from the problems' names and answers, plus turns that describe no problem), split by
 * the text's hash into a development part (two thirds) and a held-out part (one third, never tuned on).
 *
 * <pre>
 * java … dev.zhiyu.dialog.ProblemMatcherEval eval heldout   # n-grams alone vs the shipped fusion
 * java … dev.zhiyu.dialog.ProblemMatcherEval tune            # the grid on the development part, best first
 * </pre>
 *
 * A positive counts as found when the matcher's top problem reaches the scenario's {@code confirm} threshold (the
 * policy at least asks about it) and is the right one; a turn is abstained on below it. Positives are read at their
 * own step (the call's stop step), negatives at a step chosen by their hash.
 */
final class ProblemMatcherEval {
    static final String NONE = "none";

    record Item(String label, String text, boolean heldOut) {
        String step(Scenario scenario) {
            return label.equals(NONE) ? String.valueOf(Math.floorMod(text.hashCode(), 5) + 1) : scenario.problem(label).step();
        }
    }

    record Figures(int positives, int negatives, int found, int wrong, int missed, int falseAlarms) {
        double precision() {
            int said = found + wrong + falseAlarms;
            return said == 0 ? 1 : (double) found / said;
        }

        double recall() {
            return positives == 0 ? 0 : (double) found / positives;
        }

        double f05() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 1.25 * p * r / (0.25 * p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "精确率 %.3f  召回率 %.3f  F0.5 %.3f | 问题 %d 条：找对 %d，找错 %d，未认出 %d"
                            + " | 非问题 %d 条：误认 %d，放过 %d（%.1f%%）", precision(), recall(), f05(), positives, found,
                    wrong, missed, negatives, falseAlarms, negatives - falseAlarms,
                    negatives == 0 ? 0 : 100.0 * (negatives - falseAlarms) / negatives);
        }
    }

    private ProblemMatcherEval() {
    }

    static List<Item> items() throws IOException {
        List<Item> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ProblemMatcherEval.class.getResourceAsStream("problems/paraphrases.tsv"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                out.add(new Item(f[0], f[1], Math.floorMod(f[1].hashCode(), 3) == 0));
            }
        }
        return out;
    }

    /** The matcher's reading of one item: the problem it would at least ask about, or {@link #NONE}. */
    static String reading(ProblemMatcher m, Map<String, Double> scores, double floor, String step, double confirm) {
        return m.distribution(scores, step, floor).entrySet().stream().max(Map.Entry.comparingByValue())
                .filter(e -> e.getValue() >= confirm).map(Map.Entry::getKey).orElse(NONE);
    }

    static Figures figures(List<Item> items, List<String> readings) {
        int pos = 0, neg = 0, found = 0, wrong = 0, missed = 0, alarms = 0;
        for (int i = 0; i < items.size(); i++) {
            String gold = items.get(i).label(), got = readings.get(i);
            if (gold.equals(NONE)) {
                neg++;
                alarms += got.equals(NONE) ? 0 : 1;
            } else {
                pos++;
                if (got.equals(gold)) {
                    found++;
                } else if (got.equals(NONE)) {
                    missed++;
                } else {
                    wrong++;
                }
            }
        }
        return new Figures(pos, neg, found, wrong, missed, alarms);
    }

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "eval";
        boolean heldOut = args.length > 1 && args[1].equals("heldout");
        Scenario scenario = ScenarioLoader.accountOpeningCallback();
        if (mode.equals("show")) { // java … ProblemMatcherEval show 步骤 句子…: the scores behind one reading
            ProblemMatcher m = ProblemMatcher.of(scenario, SentenceEncoder.bgeSmallZh(), ProblemMatcher.DEFAULT);
            for (int k = 2; k < args.length; k++) {
                ProblemMatcher.Likeness l = m.likeness(args[k]);
                System.out.println(args[k] + "\n  n-gram " + top(l.ngram()) + "\n  语义 " + top(l.meaning()) + "\n  融合 "
                        + top(m.scores(args[k])) + "\n  分布 " + top(m.problems(args[k], args[1])));
            }
            return;
        }
        double confirm = scenario.thresholds().confirm();
        List<Item> items = items().stream().filter(i -> i.heldOut() == (heldOut && mode.equals("eval"))).toList();
        SentenceEncoder encoder = SentenceEncoder.bgeSmallZh();
        ProblemMatcher ngrams = ProblemMatcher.of(scenario, null, ProblemMatcher.DEFAULT);
        ProblemMatcher whole = ProblemMatcher.of(scenario, encoder, ProblemMatcher.DEFAULT);
        ProblemMatcher byClause = ProblemMatcher.of(scenario, encoder, with(ProblemMatcher.DEFAULT, true));
        List<ProblemMatcher.Likeness> w = new ArrayList<>(), c = new ArrayList<>();
        for (Item i : items) {
            w.add(whole.likeness(i.text()));
            c.add(byClause.likeness(i.text()));
        }
        System.out.printf(Locale.ROOT, "%s：%d 条（%s）；confirm = %.2f%n", heldOut && mode.equals("eval") ? "留出集" : "开发集",
                items.size(), "problems/paraphrases.tsv", confirm);
        if (mode.equals("tune")) {
            tune(scenario, items, whole, w, c, confirm);
            return;
        }
        List<String> before = new ArrayList<>(), after = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            String step = items.get(k).step(scenario);
            before.add(reading(ngrams, w.get(k).ngram(), ProblemMatcher.Tuning.NGRAM_FLOOR, step, confirm));
            ProblemMatcher.Likeness l = ProblemMatcher.DEFAULT.clauses() ? c.get(k) : w.get(k);
            after.add(reading(whole, ProblemMatcher.fuse(l, ProblemMatcher.DEFAULT), ProblemMatcher.DEFAULT.floor(), step,
                    confirm));
        }
        System.out.println("之前（仅字符 n-gram，下限 " + ProblemMatcher.Tuning.NGRAM_FLOOR + "）：" + figures(items, before));
        System.out.println("之后（" + ProblemMatcher.DEFAULT + "）：" + figures(items, after));
        if (args.length > 2 && args[2].equals("errors")) {
            for (int k = 0; k < items.size(); k++) {
                if (!after.get(k).equals(items.get(k).label())) {
                    System.out.println("  " + items.get(k).label() + " → " + after.get(k) + "：" + items.get(k).text());
                }
            }
        }
    }

    private static void tune(Scenario scenario, List<Item> items, ProblemMatcher m, List<ProblemMatcher.Likeness> whole,
                             List<ProblemMatcher.Likeness> clauses, double confirm) {
        record Tried(ProblemMatcher.Tuning t, Figures f) {
        }
        List<Tried> tried = new ArrayList<>();
        for (boolean byClause : new boolean[] {false}) {
            for (double weight = 0; weight <= 0.71; weight += 0.1) {
                for (double zero = 0.4; zero <= 0.81; zero += 0.05) {
                    for (double span = 0.2; span <= 0.41; span += 0.1) {
                        for (double floor = 0.05; floor <= 0.61; floor += 0.025) {
                            ProblemMatcher.Tuning t = new ProblemMatcher.Tuning(round(weight), round(zero),
                                    round(zero + span), round(floor), byClause);
                            List<String> got = new ArrayList<>();
                            for (int k = 0; k < items.size(); k++) {
                                ProblemMatcher.Likeness l = byClause ? clauses.get(k) : whole.get(k);
                                got.add(reading(m, ProblemMatcher.fuse(l, t), t.floor(), items.get(k).step(scenario), confirm));
                            }
                            tried.add(new Tried(t, figures(items, got)));
                        }
                    }
                }
            }
        }
        tried.sort(Comparator.comparingDouble((Tried x) -> x.f().f05()).reversed());
        tried.stream().limit(25).forEach(x -> System.out.println(x.t() + "  " + x.f()));
    }

    private static String top(Map<String, Double> scores) {
        return scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s=%.3f", e.getKey(), e.getValue())).toList().toString();
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static ProblemMatcher.Tuning with(ProblemMatcher.Tuning t, boolean clauses) {
        return new ProblemMatcher.Tuning(t.ngramWeight(), t.semanticZero(), t.semanticOne(), t.floor(), clauses);
    }
}
