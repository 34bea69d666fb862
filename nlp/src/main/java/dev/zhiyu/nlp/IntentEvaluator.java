package dev.zhiyu.nlp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Accuracy, macro-F1, per-intent P/R/F1, top confusions and ECE of a classifier on labelled data. */
public final class IntentEvaluator {
    private static final int TOP_CONFUSIONS = 10;

    private IntentEvaluator() {}

    /** {@code modelSpec}: a model directory or {@code builtin:generic}; {@code dataSpec}: a TSV path or builtin data set. */
    public static EvaluationReport evaluate(String modelSpec, String dataSpec) throws IOException {
        return evaluate(IntentModel.load(modelSpec), modelSpec, IntentDataset.read(dataSpec), dataSpec);
    }

    public static EvaluationReport evaluate(IntentClassifier classifier, String modelName, List<LabeledText> data, String dataName) {
        if (data.isEmpty()) throw new IllegalArgumentException("评测数据为空");
        Prediction calibrated = predict(classifier, data);
        double eceRaw = Double.NaN, temperature = Double.NaN;
        if (classifier instanceof IntentModel m) {
            temperature = m.temperature();
            eceRaw = predict(m.withTemperature(1.0), data).ece();
        }
        TreeSet<String> labels = new TreeSet<>();
        data.forEach(t -> labels.add(t.label()));
        labels.addAll(classifier.intents());
        Map<String, int[]> tpFpFn = new HashMap<>();
        labels.forEach(l -> tpFpFn.put(l, new int[3]));
        Map<List<String>, Integer> confusions = new HashMap<>();
        int correct = 0, unknown = 0;
        for (int i = 0; i < data.size(); i++) {
            String gold = data.get(i).label(), pred = calibrated.labels.get(i);
            if (!classifier.intents().contains(gold)) unknown++;
            if (gold.equals(pred)) {
                correct++;
                tpFpFn.get(gold)[0]++;
            } else {
                tpFpFn.computeIfAbsent(pred, k -> new int[3])[1]++;
                tpFpFn.get(gold)[2]++;
                confusions.merge(List.of(gold, pred), 1, Integer::sum);
            }
        }
        List<EvaluationReport.PerIntent> per = new ArrayList<>();
        double f1Sum = 0;
        int withSupport = 0;
        for (String l : labels) {
            int[] c = tpFpFn.get(l);
            int support = c[0] + c[2];
            if (support == 0 && c[1] == 0) continue;
            double p = c[0] + c[1] == 0 ? 0 : c[0] / (double) (c[0] + c[1]);
            double r = support == 0 ? 0 : c[0] / (double) support;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            per.add(new EvaluationReport.PerIntent(l, support, p, r, f1));
            if (support > 0) {
                f1Sum += f1;
                withSupport++;
            }
        }
        List<EvaluationReport.Confusion> top = confusions.entrySet().stream()
                .map(e -> new EvaluationReport.Confusion(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparingInt(EvaluationReport.Confusion::count).reversed()
                        .thenComparing(EvaluationReport.Confusion::gold).thenComparing(EvaluationReport.Confusion::predicted))
                .limit(TOP_CONFUSIONS).toList();
        return new EvaluationReport(modelName, dataName, data.size(), correct / (double) data.size(),
                withSupport == 0 ? 0 : f1Sum / withSupport, per, top, calibrated.ece(), eceRaw, temperature, unknown);
    }

    private record Prediction(List<String> labels, double[] confidence, boolean[] correct) {
        double ece() { return Calibration.ece(confidence, correct); }
    }

    private static Prediction predict(IntentClassifier c, List<LabeledText> data) {
        List<String> labels = new ArrayList<>(data.size());
        double[] conf = new double[data.size()];
        boolean[] ok = new boolean[data.size()];
        for (int i = 0; i < data.size(); i++) {
            List<IntentScore> best = c.classify(data.get(i).text(), 1);
            String label = best.isEmpty() ? "(none)" : best.get(0).intent();
            labels.add(label);
            conf[i] = best.isEmpty() ? 0 : best.get(0).probability();
            ok[i] = label.equals(data.get(i).label());
        }
        return new Prediction(labels, conf, ok);
    }
}
