package dev.zhiyu.dialog.crosswoz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One-vs-rest logistic regression over hashed character 1–3-grams, trained by SGD: the act labels of an utterance
 * (Request 餐馆 地址, General thank, Select 酒店 景点 ...) are predicted independently, each above 0.5.
 */
final class MultiLabelClassifier {
    private static final int DIMENSIONS = 1 << 18;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-6;

    private final List<String> labels;
    private final float[][] weights;
    private final float[] bias;

    private MultiLabelClassifier(List<String> labels) {
        this.labels = labels;
        this.weights = new float[labels.size()][DIMENSIONS];
        this.bias = new float[labels.size()];
    }

    static MultiLabelClassifier train(List<String> texts, List<Set<String>> targets, int epochs, long seed) {
        Set<String> all = new TreeSet<>();
        targets.forEach(all::addAll);
        MultiLabelClassifier m = new MultiLabelClassifier(new ArrayList<>(all));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < m.labels.size(); i++) {
            index.put(m.labels.get(i), i);
        }
        List<int[]> features = texts.stream().map(MultiLabelClassifier::features).toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Collections.shuffle(order, random);
            double rate = RATE / (1 + epoch);
            for (int i : order) {
                int[] f = features.get(i);
                Set<String> gold = targets.get(i);
                for (int l = 0; l < m.labels.size(); l++) {
                    double y = gold.contains(m.labels.get(l)) ? 1 : 0;
                    double g = m.probability(l, f) - y;
                    m.bias[l] -= (float) (rate * g);
                    float[] w = m.weights[l];
                    for (int j : f) {
                        w[j] -= (float) (rate * (g + L2 * w[j]));
                    }
                }
            }
        }
        return m;
    }

    Set<String> predict(String text) {
        int[] f = features(text);
        Set<String> out = new TreeSet<>();
        for (int l = 0; l < labels.size(); l++) {
            if (probability(l, f) >= 0.5) {
                out.add(labels.get(l));
            }
        }
        return out;
    }

    private double probability(int label, int[] f) {
        double z = bias[label];
        float[] w = weights[label];
        for (int j : f) {
            z += w[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    static int[] features(String text) {
        String t = "^" + text + "$";
        List<Integer> out = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            for (int i = 0; i + n <= t.length(); i++) {
                out.add(Math.floorMod((n * 31 + t.substring(i, i + n).hashCode()) * 0x9E3779B1, DIMENSIONS));
            }
        }
        return out.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
}
