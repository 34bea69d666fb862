package dev.zhiyu.nlp;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A DL4J two-layer perceptron (512 → hidden ReLU with dropout → softmax) over BGE sentence vectors. Training uses
 * DL4J; inference copies the trained weights into plain Java arrays, which is thread-safe and avoids ND4J overhead
 * for a single 512-wide vector (about 0.1 ms).
 */
final class NeuralScorer implements IntentScorer {
    static final String FILE = "neural.zip";
    private static final int ENCODE_CHUNK = 256;
    private final MultiLayerNetwork net;
    private final List<String> labels;
    private final SentenceEncoder encoder;
    private final float[][] w1, w2;
    private final float[] b1, b2;

    private NeuralScorer(MultiLayerNetwork net, List<String> labels, SentenceEncoder encoder) {
        this.net = net;
        this.labels = List.copyOf(labels);
        this.encoder = encoder;
        this.w1 = net.getLayer(0).getParam("W").toFloatMatrix();
        this.b1 = net.getLayer(0).getParam("b").toFloatVector();
        this.w2 = net.getLayer(1).getParam("W").toFloatMatrix();
        this.b2 = net.getLayer(1).getParam("b").toFloatVector();
    }

    static NeuralScorer train(List<LabeledText> data, IntentTrainer.Options options) {
        return train(data, options, () -> false);
    }

    /** {@code cancelled} is asked after every encoding chunk and every mini-batch. */
    static NeuralScorer train(List<LabeledText> data, IntentTrainer.Options options, BooleanSupplier cancelled) {
        SentenceEncoder encoder = SentenceEncoder.bgeSmallZh();
        List<String> labels = new ArrayList<>(new TreeSet<>(data.stream().map(LabeledText::label).toList()));
        List<String> texts = data.stream().map(LabeledText::text).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += ENCODE_CHUNK) {
            IntentTrainer.checkCancelled(cancelled);
            vectors.addAll(encoder.encodeAll(texts.subList(from, Math.min(texts.size(), from + ENCODE_CHUNK))));
        }
        int n = data.size(), dim = encoder.dimension();
        float[][] x = new float[n][], y = new float[n][labels.size()];
        for (int i = 0; i < n; i++) {
            x[i] = vectors.get(i);
            y[i][labels.indexOf(data.get(i).label())] = 1;
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-4)
                .list()
                .layer(new DenseLayer.Builder().nIn(dim).nOut(options.hidden()).activation(Activation.RELU).dropOut(0.8).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(options.hidden()).nOut(labels.size())
                        .activation(Activation.SOFTMAX).build())
                .build();
        Nd4jThreads.single();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet all = new DataSet(Nd4j.create(x), Nd4j.create(y));
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            all.shuffle(options.seed() + epoch);
            for (DataSet batch : all.batchBy(32)) {
                IntentTrainer.checkCancelled(cancelled);
                net.fit(batch);
            }
        }
        return new NeuralScorer(net, labels, encoder);
    }

    static NeuralScorer load(InputStream in, List<String> labels) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, false);
        return new NeuralScorer(net, labels, SentenceEncoder.bgeSmallZh());
    }

    @Override public List<String> labels() { return labels; }

    @Override
    public double[] logits(String text) { return logitsOf(encoder.encode(text)); }

    /** Pre-softmax scores, so temperature scaling acts on true logits. */
    double[] logitsOf(float[] v) {
        float[] h = new float[b1.length];
        for (int j = 0; j < h.length; j++) {
            float s = b1[j];
            for (int i = 0; i < v.length; i++) s += v[i] * w1[i][j];
            h[j] = Math.max(0, s);
        }
        double[] out = new double[b2.length];
        for (int k = 0; k < out.length; k++) {
            double s = b2[k];
            for (int j = 0; j < h.length; j++) s += h[j] * w2[j][k];
            out[k] = s;
        }
        return out;
    }

    /** For tests: DL4J's own forward pass on one vector. */
    double[] dl4jProbabilities(float[] v) {
        INDArray out = net.output(Nd4j.create(new float[][]{v}), false);
        return out.toDoubleVector();
    }

    @Override
    public void save(Path dir) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILE))) {
            ModelSerializer.writeModel(net, out, false);
        }
    }
}
