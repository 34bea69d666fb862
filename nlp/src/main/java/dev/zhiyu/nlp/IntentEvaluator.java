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
    /** The share of right top intents at or above the threshold for ending a call without asking (a dialog's end_call). */
    public static final double END_CALL_PRECISION = 0.99;
    /** The share of right top intents at or above the act threshold. */
    public static final double ACT_PRECISION = 0.95;
    /** The share of right top intents at or above the confirm threshold. */
    public static final double CONFIRM_PRECISION = 0.80;

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

    /** {@link #recalibrate(IntentModel, List, String, List, String)} on a model and two data specs. */
    public static CalibrationReport recalibrate(String modelSpec, String calibrationSpec, String testSpec) throws IOException {
        return recalibrate(IntentModel.load(modelSpec), IntentDataset.read(calibrationSpec), calibrationSpec,
                IntentDataset.read(testSpec), testSpec);
    }

    /**
     * Refits {@code model}'s temperature on {@code calibration} (examples whose label the model lacks are left out),
     * reads the act/confirm thresholds off it, and reports ECE on {@code test}, which nothing is fitted on.
     */
    public static CalibrationReport recalibrate(IntentModel model, List<LabeledText> calibration, String calibrationName,
                                                List<LabeledText> test, String testName) {
        List<LabeledText> known = calibration.stream().filter(t -> model.labels().contains(t.label())).toList();
        if (known.isEmpty() || test.isEmpty()) throw new IllegalArgumentException("校准数据或评测数据为空");
        double t = fitTemperature(model, known);
        IntentModel refitted = model.withTemperature(t);
        Prediction onCalibration = predict(refitted, known);
        Prediction calibrated = predict(refitted, test);
        return new CalibrationReport(calibrationName, known.size(), testName, test.size(), model.temperature(), t,
                calibrated.accuracy(), predict(model.withTemperature(1.0), test).ece(), predict(model, test).ece(),
                calibrated.ece(), onCalibration.lowestConfidenceWithPrecision(END_CALL_PRECISION),
                onCalibration.lowestConfidenceWithPrecision(ACT_PRECISION),
                onCalibration.lowestConfidenceWithPrecision(CONFIRM_PRECISION));
    }

    /**
     * Calibrates {@code model} on {@code data} (written separately from its training data; examples whose label the
     * model lacks are left out): the refitted temperature and the end_call/act/confirm thresholds under it, for
     * {@link IntentModel#saveCalibration}. Refused below {@link IntentCalibration#MIN_EXAMPLES} examples.
     */
    public static IntentCalibration calibrate(IntentModel model, List<LabeledText> data, String dataName) {
        List<LabeledText> known = data.stream().filter(t -> model.labels().contains(t.label())).toList();
        if (known.size() < IntentCalibration.MIN_EXAMPLES) throw IntentCalibration.tooFew(known.size());
        double t = fitTemperature(model, known);
        Prediction p = predict(model.withTemperature(t), known);
        return new IntentCalibration(t, p.lowestConfidenceWithPrecision(ACT_PRECISION),
                p.lowestConfidenceWithPrecision(CONFIRM_PRECISION), p.lowestConfidenceWithPrecision(END_CALL_PRECISION),
                dataName, known.size());
    }

    /** {@link #calibrate(IntentModel, List, String)} on a model spec and a data spec. */
    public static IntentCalibration calibrate(String modelSpec, String dataSpec) throws IOException {
        return calibrate(IntentModel.load(modelSpec), IntentDataset.read(dataSpec), dataSpec);
    }

    /** The temperature that best fits {@code model}'s scores to the labels of {@code known} (all labels it knows). */
    private static double fitTemperature(IntentModel model, List<LabeledText> known) {
        double[][] logits = new double[known.size()][];
        int[] gold = new int[known.size()];
        for (int i = 0; i < known.size(); i++) {
            logits[i] = model.logits(known.get(i).text());
            gold[i] = model.labels().indexOf(known.get(i).label());
        }
        return Calibration.fitTemperature(logits, gold);
    }

    /** The lowest confidence at or above which {@code c}'s top intents on {@code data} reach {@code precision}. */
    static double lowestConfidenceWithPrecision(IntentClassifier c, List<LabeledText> data, double precision) {
        return predict(c, data).lowestConfidenceWithPrecision(precision);
    }

    private record Prediction(List<String> labels, double[] confidence, boolean[] correct) {
        double ece() { return Calibration.ece(confidence, correct); }

        double accuracy() {
            int right = 0;
            for (boolean c : correct) right += c ? 1 : 0;
            return right / (double) correct.length;
        }

        /** The lowest confidence c such that the top intents at or above c are right at least {@code precision} of the time. */
        double lowestConfidenceWithPrecision(double precision) {
            Integer[] order = new Integer[confidence.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
            double best = 1.0;
            int right = 0;
            for (int k = 0; k < order.length; k++) {
                right += correct[order[k]] ? 1 : 0;
                boolean lastOfTie = k + 1 == order.length || confidence[order[k + 1]] < confidence[order[k]];
                if (lastOfTie && right >= precision * (k + 1)) best = confidence[order[k]];
            }
            return best;
        }
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
