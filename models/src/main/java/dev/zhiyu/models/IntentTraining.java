package dev.zhiyu.models;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentDataset;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import dev.zhiyu.nlp.IntentTrainer;
import dev.zhiyu.nlp.LabeledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Intent models of a scenario: the nlp trainers on the shipped generic data plus the snapshot's corrections (each
 * repeated {@code correctionWeight} times so a handful of them count), served behind the generic rules like the
 * shipped model. The fixed evaluation set is the shipped held-out data plus the snapshot's held-out corrections.
 */
final class IntentTraining {
    static final Set<String> KEYS = Set.of("kind", "iterations", "epochs", "hidden", "folds", "correctionWeight", "seed");

    /** Hyper-parameters with their defaults filled in; unknown keys or bad numbers are refused. */
    record Settings(IntentTrainer.Kind kind, IntentTrainer.Options options, int correctionWeight) {
        static Settings of(Map<String, String> hp) {
            for (String k : hp.keySet()) {
                if (!KEYS.contains(k)) {
                    throw ModelRequestException.invalid("未知的超参数「" + k + "」，可用：" + KEYS);
                }
            }
            IntentTrainer.Options d = IntentTrainer.Options.defaults();
            IntentTrainer.Kind kind = IntentTrainer.Kind.parse(hp.getOrDefault("kind", "maxent"));
            IntentTrainer.Options o = new IntentTrainer.Options(num(hp, "folds", d.folds(), 2, 10),
                    num(hp, "iterations", d.iterations(), 1, 2000), d.l1(), d.l2(), num(hp, "epochs", d.epochs(), 1, 500),
                    num(hp, "hidden", d.hidden(), 4, 4096), num(hp, "seed", (int) d.seed(), 0, Integer.MAX_VALUE));
            return new Settings(kind, o, num(hp, "correctionWeight", 3, 1, 20));
        }

        Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", kind.id());
            m.put("folds", Integer.toString(options.folds()));
            m.put("iterations", Integer.toString(options.iterations()));
            if (kind == IntentTrainer.Kind.NEURAL) {
                m.put("epochs", Integer.toString(options.epochs()));
                m.put("hidden", Integer.toString(options.hidden()));
            }
            m.put("seed", Long.toString(options.seed()));
            m.put("correctionWeight", Integer.toString(correctionWeight));
            return m;
        }

        private static int num(Map<String, String> hp, String key, int dflt, int min, int max) {
            String v = hp.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(v.strip());
                if (n < min || n > max) {
                    throw ModelRequestException.invalid("超参数 " + key + " 应在 " + min + "–" + max + " 之间：" + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw ModelRequestException.invalid("超参数 " + key + " 应为整数：" + v);
            }
        }
    }

    private IntentTraining() {
    }

    /** {@code cancelled} is asked throughout the training (see {@link IntentTrainer}), which then stops. */
    static IntentModel train(List<Example> snapshot, Settings s, BooleanSupplier cancelled) throws IOException {
        List<LabeledText> data = new ArrayList<>(IntentDataset.read("builtin:generic"));
        for (Example e : snapshot) {
            if (!e.heldOut()) {
                for (int i = 0; i < s.correctionWeight(); i++) {
                    data.add(new LabeledText(e.intent(), e.text(), 0));
                }
            }
        }
        return IntentTrainer.train(data, s.kind(), s.options(), cancelled);
    }

    static IntentClassifier served(IntentModel m) {
        return new IntentCascade(IntentRules.builtinGeneric(), m);
    }

    static IntentClassifier load(Path dir) throws IOException {
        return served(IntentModel.load(dir));
    }

    static List<LabeledText> evaluationSet(List<Example> snapshot) throws IOException {
        List<LabeledText> set = new ArrayList<>(IntentDataset.read("builtin:generic-heldout"));
        snapshot.stream().filter(Example::heldOut).forEach(e -> set.add(new LabeledText(e.intent(), e.text(), 0)));
        return set;
    }
}
