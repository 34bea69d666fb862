package dev.zhiyu.nlp;

import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
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
import java.util.List;

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
        TrainingParameters p = new TrainingParameters();
        p.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        p.put(TrainingParameters.ITERATIONS_PARAM, options.iterations());
        p.put(TrainingParameters.CUTOFF_PARAM, 1);
        p.put("L1Cost", options.l1());
        p.put("L2Cost", options.l2());
        p.put("PrintMessages", false);
        List<Event> events = new ArrayList<>(data.size());
        for (LabeledText t : data) events.add(new Event(t.label(), IntentFeatures.of(t.text())));
        EventTrainer trainer = TrainerFactory.getEventTrainer(p, null);
        return new MaxentScorer(trainer.train(ObjectStreamUtils.createObjectStream(events)));
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
