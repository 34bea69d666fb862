package dev.zhiyu.nlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Long-running developer tasks, run with
 * {@code mvn -B -q -pl nlp test-compile exec:java -Dexec.mainClass=dev.zhiyu.nlp.NlpTasks -Dexec.args="TASK ..."}:
 * <ul>
 *   <li>{@code compare} — trains maxent and neural on builtin:generic, evaluates both on builtin:generic-heldout;</li>
 *   <li>{@code tune} — cross-validates maxent/neural hyper-parameters on builtin:generic only (never the held-out file);</li>
 *   <li>{@code build-builtin KIND DIR} — trains the shipped model into DIR (nlp/src/main/resources/dev/zhiyu/nlp/intents/generic/model).</li>
 *   <li>{@code build-crf DIR} — trains the shipped slot CRF into DIR (nlp/src/main/resources/dev/zhiyu/nlp/ner/model).</li>
 * </ul>
 */
public final class NlpTasks {
    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "compare" -> compare();
            case "tune" -> tune();
            case "build-builtin" -> {
                IntentModel m = IntentTrainer.train("builtin:generic", IntentTrainer.Kind.parse(args[1]), Path.of(args[2]));
                System.out.println("saved " + m.kind().id() + " T=" + m.temperature() + " " + m.info());
                System.out.println(IntentEvaluator.evaluate(IntentModel.load(Path.of(args[2])), args[2],
                        IntentDataset.read("builtin:generic-heldout"), "builtin:generic-heldout").format());
            }
            case "eval" -> { // what `nlu eval --model M --data D [--calibrate-on C]` prints, plus the cascade (rules first)
                System.out.print(IntentEvaluator.evaluate(args[1], args[2]).format());
                if (args[1].equals("builtin:generic") || args[1].equals("builtin:generic-maxent")) {
                    IntentCascade cascade = new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load(args[1]));
                    System.out.print("\n规则 + 模型（对话实际所用）：\n" + IntentEvaluator.evaluate(cascade, "rules+" + args[1],
                            IntentDataset.read(args[2]), args[2]).format());
                }
                if (args.length > 3) System.out.print("\n" + IntentEvaluator.recalibrate(args[1], args[3], args[2]).format());
            }
            case "errors" -> { // error analysis: the misread lines of a DEV set (never run it on a test half)
                if (args[2].endsWith("-test")) throw new IllegalArgumentException("不在测试集上做错误分析：" + args[2]);
                IntentClassifier c = args.length > 3 && args[3].equals("cascade")
                        ? new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load(args[1])) : IntentModel.load(args[1]);
                for (LabeledText t : IntentDataset.read(args[2])) {
                    IntentScore best = c.classify(t.text(), 1).get(0);
                    if (!best.intent().equals(t.label())) {
                        System.out.printf(Locale.ROOT, "%s\t→ %s %.3f\t%s%n", t.label(), best.intent(), best.probability(), t.text());
                    }
                }
            }
            case "build-crf" -> {
                Path dir = Path.of(args[1]);
                CrfSlotRecognizer crf = CrfSlotRecognizer.train(AnnotatedSentence.readResource("ner/slots-train.txt"), dir);
                Files.deleteIfExists(dir.resolve(CrfSlotRecognizer.MODEL + ".txt")); // text dump, not needed to load
                System.out.println(crf.evaluate(AnnotatedSentence.readResource("ner/slots-heldout.txt")).format());
            }
            default -> System.err.println("用法：compare | tune | eval MODEL DATA [CALIBRATION] | build-builtin maxent|neural DIR | build-crf DIR");
        }
        System.exit(0);
    }

    static void compare() throws Exception {
        List<LabeledText> train = IntentDataset.read("builtin:generic");
        List<LabeledText> held = IntentDataset.read("builtin:generic-heldout");
        for (IntentTrainer.Kind kind : IntentTrainer.Kind.values()) {
            long t0 = System.nanoTime();
            IntentModel m = IntentTrainer.train(train, kind, IntentTrainer.Options.defaults());
            System.out.printf(Locale.ROOT, "%s trained in %.1f s, T=%.3f %s%n", kind.id(), (System.nanoTime() - t0) / 1e9, m.temperature(), m.info());
            System.out.println(IntentEvaluator.evaluate(m, kind.id(), held, "builtin:generic-heldout").format());
        }
    }

    /** Mean accuracy of 5-fold CV on the training data for each setting. */
    static void tune() throws Exception {
        List<LabeledText> train = IntentDataset.read("builtin:generic");
        IntentTrainer.Options d = IntentTrainer.Options.defaults();
        List<IntentTrainer.Options> grid = new ArrayList<>();
        for (double l2 : new double[]{0.1, 0.5, 1.0, 2.0}) for (double l1 : new double[]{0.0, 0.1})
            grid.add(new IntentTrainer.Options(d.folds(), d.iterations(), l1, l2, d.epochs(), d.hidden(), d.seed()));
        for (IntentTrainer.Options o : grid) System.out.printf(Locale.ROOT, "maxent l1=%.1f l2=%.1f cv-acc=%.4f%n", o.l1(), o.l2(), cv(train, IntentTrainer.Kind.MAXENT, o));
        for (int epochs : new int[]{30, 60, 120}) for (int hidden : new int[]{128, 256}) {
            IntentTrainer.Options o = new IntentTrainer.Options(d.folds(), d.iterations(), d.l1(), d.l2(), epochs, hidden, d.seed());
            System.out.printf(Locale.ROOT, "neural epochs=%d hidden=%d cv-acc=%.4f%n", epochs, hidden, cv(train, IntentTrainer.Kind.NEURAL, o));
        }
    }

    static double cv(List<LabeledText> data, IntentTrainer.Kind kind, IntentTrainer.Options o) throws Exception {
        int correct = 0;
        for (int f = 0; f < o.folds(); f++) {
            List<LabeledText> tr = new ArrayList<>(), te = new ArrayList<>();
            IntentTrainer.split(data, o.folds(), f, tr, te);
            IntentScorer s = kind == IntentTrainer.Kind.MAXENT ? MaxentScorer.train(tr, o) : NeuralScorer.train(tr, o);
            for (LabeledText t : te) {
                double[] l = s.logits(t.text());
                int best = 0;
                for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
                if (s.labels().get(best).equals(t.label())) correct++;
            }
        }
        return correct / (double) data.size();
    }
}
