package dev.zhiyu.nlp;

import opennlp.tools.ml.maxent.quasinewton.Function;
import opennlp.tools.ml.maxent.quasinewton.NegLogLikelihood;
import opennlp.tools.ml.maxent.quasinewton.QNMinimizer;
import opennlp.tools.ml.maxent.quasinewton.QNModel;
import opennlp.tools.ml.maxent.quasinewton.QNTrainer;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.DataIndexer;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BooleanSupplier;

/** OpenNLP maximum-entropy (L-BFGS, L1+L2 regularised) over {@link IntentFeatures}; logits are log-probabilities. */
final class MaxentScorer implements IntentScorer {
    static final String FILE = "maxent.bin";
    private final MaxentModel model;
    private final List<String> labels;

    private MaxentScorer(MaxentModel model) {
        this.model = model;
        List<String> l = new ArrayList<>();
        for (int i = 0; i < model.getNumOutcomes(); i++) l.add(model.getOutcome(i));
        this.labels = List.copyOf(l);
    }

    static MaxentScorer train(List<LabeledText> data, IntentTrainer.Options options) throws IOException {
        return train(data, options, () -> false);
    }

    static MaxentScorer train(List<LabeledText> data, IntentTrainer.Options options, BooleanSupplier cancelled)
            throws IOException {
        CancellableQn trainer = new CancellableQn(options, cancelled);
        trainer.init(parameters(options), new HashMap<>());
        return new MaxentScorer(trainer.train(ObjectStreamUtils.createObjectStream(events(data))));
    }

    static TrainingParameters parameters(IntentTrainer.Options options) {
        TrainingParameters p = new TrainingParameters();
        p.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        p.put(TrainingParameters.ITERATIONS_PARAM, options.iterations());
        p.put(TrainingParameters.CUTOFF_PARAM, 1);
        p.put("L1Cost", options.l1());
        p.put("L2Cost", options.l2());
        p.put("PrintMessages", false);
        return p;
    }

    static List<Event> events(List<LabeledText> data) {
        List<Event> events = new ArrayList<>(data.size());
        for (LabeledText t : data) events.add(new Event(t.label(), IntentFeatures.of(t.text())));
        return events;
    }

    /**
     * OpenNLP's L-BFGS trainer offers no way to stop ({@code QNTrainer} builds its minimiser inside and 2.5 has no
     * progress monitor for it), so this repeats {@code QNTrainer.trainModel} for one thread with the objective
     * asking {@code cancelled} on every evaluation; the optimisation itself is OpenNLP's, unchanged.
     */
    private static final class CancellableQn extends QNTrainer {
        private final IntentTrainer.Options options;
        private final BooleanSupplier cancelled;

        CancellableQn(IntentTrainer.Options options, BooleanSupplier cancelled) {
            this.options = options;
            this.cancelled = cancelled;
        }

        @Override
        public QNModel trainModel(int iterations, DataIndexer indexer) {
            Function objective = new Cancellable(new NegLogLikelihood(indexer), cancelled);
            QNMinimizer minimizer = new QNMinimizer(options.l1(), options.l2(), iterations, M_DEFAULT, MAX_FCT_EVAL_DEFAULT);
            double[] params = minimizer.minimize(objective);
            String[] preds = indexer.getPredLabels();
            int outcomes = indexer.getOutcomeLabels().length;
            Context[] contexts = new Context[preds.length];
            int[] all = new int[outcomes];
            for (int o = 0; o < outcomes; o++) all[o] = o;
            for (int i = 0; i < preds.length; i++) {
                double[] w = new double[outcomes];
                for (int o = 0; o < outcomes; o++) w[o] = params[o * preds.length + i];
                contexts[i] = new Context(all.clone(), w);
            }
            return new QNModel(contexts, preds, indexer.getOutcomeLabels());
        }
    }

    private record Cancellable(Function f, BooleanSupplier cancelled) implements Function {
        @Override public int getDimension() { return f.getDimension(); }

        @Override
        public double valueAt(double[] x) {
            IntentTrainer.checkCancelled(cancelled);
            return f.valueAt(x);
        }

        @Override public double[] gradientAt(double[] x) { return f.gradientAt(x); }
    }

    static MaxentScorer load(InputStream in) throws IOException {
        return new MaxentScorer(new GenericModelReader(new BinaryFileDataReader(in)).getModel());
    }

    @Override public List<String> labels() { return labels; }

    @Override
    public double[] logits(String text) {
        double[] p = model.eval(IntentFeatures.of(text));
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Math.log(Math.max(p[i], 1e-12));
        return out;
    }

    @Override
    public void save(Path dir) throws IOException {
        try (OutputStream os = Files.newOutputStream(dir.resolve(FILE));
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            new GenericModelWriter((AbstractModel) model, out).persist();
        }
    }
}
