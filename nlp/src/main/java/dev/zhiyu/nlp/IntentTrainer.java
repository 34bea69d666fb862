package dev.zhiyu.nlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Trains an {@link IntentModel}. The calibration temperature is fitted on out-of-fold predictions of a stratified
 * k-fold split of the training data (so no extra held-out file is needed), then the final model is trained on all
 * of it.
 */
public final class IntentTrainer {
    public enum Kind {
        MAXENT, NEURAL;

        public String id() { return name().toLowerCase(Locale.ROOT); }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.id().equalsIgnoreCase(s.strip())) return k;
            throw new IllegalArgumentException("未知的模型类型「" + s + "」，可选：maxent, neural");
        }
    }

    /** Hyper-parameters; {@link #defaults()} were chosen by cross-validation on the generic training data only. */
    public record Options(int folds, int iterations, double l1, double l2, int epochs, int hidden, long seed) {
        public static Options defaults() { return new Options(5, 200, 0.0, 0.5, 60, 256, 42); }
    }

    private IntentTrainer() {}

    /**
     * Trains on one or more comma-separated data specs (files or {@code builtin:generic}, e.g. a tenant's own
     * intents plus the generic ones), saves to {@code outDir} and returns the model.
     */
    public static IntentModel train(String dataSpecs, Kind kind, Path outDir) throws IOException {
        List<LabeledText> data = new ArrayList<>();
        for (String spec : dataSpecs.split(",")) if (!spec.isBlank()) data.addAll(IntentDataset.read(spec.strip()));
        IntentModel model = train(data, kind, Options.defaults());
        model.save(outDir);
        return model;
    }

    public static IntentModel train(List<LabeledText> data, Kind kind, Options options) throws IOException {
        return train(data, kind, options, () -> false);
    }

    /**
     * As {@link #train(List, Kind, Options)}, stopping soon after {@code cancelled} turns true: it is asked between
     * folds, on every function evaluation of the maxent optimiser and on every mini-batch (and encoding chunk) of the
     * neural one, and the training then ends with a {@link CancellationException}.
     */
    public static IntentModel train(List<LabeledText> data, Kind kind, Options options, BooleanSupplier cancelled)
            throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (LabeledText t : data) counts.merge(t.label(), 1, Integer::sum);
        if (counts.size() < 2) throw new IllegalArgumentException("至少需要两个意图才能训练，当前只有：" + counts.keySet());
        List<String> tooFew = counts.entrySet().stream().filter(e -> e.getValue() < options.folds()).map(Map.Entry::getKey).toList();
        if (!tooFew.isEmpty()) throw new IllegalArgumentException("以下意图样本少于 " + options.folds() + " 条，无法做交叉验证校准：" + tooFew);

        IntentScorer scorer = fit(data, kind, options, cancelled);
        List<String> labels = scorer.labels();
        List<double[]> oofLogits = new ArrayList<>();
        List<Integer> oofGold = new ArrayList<>();
        for (int fold = 0; fold < options.folds(); fold++) {
            List<LabeledText> train = new ArrayList<>(), test = new ArrayList<>();
            split(data, options.folds(), fold, train, test);
            IntentScorer s = fit(train, kind, options, cancelled);
            for (LabeledText t : test) {
                oofLogits.add(reorder(s.logits(t.text()), s.labels(), labels));
                oofGold.add(labels.indexOf(t.label()));
            }
        }
        double[][] logits = oofLogits.toArray(double[][]::new);
        int[] gold = oofGold.stream().mapToInt(Integer::intValue).toArray();
        double temperature = Calibration.fitTemperature(logits, gold);

        Map<String, String> info = new LinkedHashMap<>();
        info.put("examples", Integer.toString(data.size()));
        info.put("dataSha256", sha256(data));
        info.put("cvNllUncalibrated", String.format(Locale.ROOT, "%.4f", Calibration.nll(logits, gold, 1.0)));
        info.put("cvNllCalibrated", String.format(Locale.ROOT, "%.4f", Calibration.nll(logits, gold, temperature)));
        return new IntentModel(kind, scorer, temperature, info);
    }

    private static IntentScorer fit(List<LabeledText> data, Kind kind, Options options, BooleanSupplier cancelled)
            throws IOException {
        checkCancelled(cancelled);
        return kind == Kind.MAXENT ? MaxentScorer.train(data, options, cancelled)
                : NeuralScorer.train(data, options, cancelled);
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("训练已取消");
        }
    }

    /**
     * Stratified contiguous blocks: each label's examples are cut, in file order, into k consecutive blocks. Variants
     * of one utterance are usually written next to each other, so blocks keep them in the same fold; round-robin
     * folds would put a noisy copy in training and its original in test, and the temperature would be fitted on
     * optimistic predictions.
     */
    static void split(List<LabeledText> data, int folds, int fold, List<LabeledText> train, List<LabeledText> test) {
        Map<String, Integer> total = new TreeMap<>(), seen = new TreeMap<>();
        for (LabeledText t : data) total.merge(t.label(), 1, Integer::sum);
        for (LabeledText t : data) {
            int i = seen.merge(t.label(), 1, Integer::sum) - 1;
            (i * folds / total.get(t.label()) == fold ? test : train).add(t);
        }
    }

    /** A fold model may order labels differently from the full model. */
    private static double[] reorder(double[] logits, List<String> from, List<String> to) {
        double[] out = new double[to.size()];
        java.util.Arrays.fill(out, -30);
        for (int i = 0; i < from.size(); i++) out[to.indexOf(from.get(i))] = logits[i];
        return out;
    }

    static String sha256(List<LabeledText> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LabeledText t : data) md.update((t.label() + "\t" + t.text() + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
