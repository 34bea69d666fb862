package dev.zhiyu.nlp;

/** Temperature scaling (Guo et al. 2017) and expected calibration error. */
final class Calibration {
    static final int BINS = 15;

    private Calibration() {}

    static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    static double nll(double[][] logits, int[] gold, double temperature) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) s -= Math.log(Math.max(softmax(logits[i], temperature)[gold[i]], 1e-12));
        return s / logits.length;
    }

    /** The temperature minimising held-out negative log-likelihood (golden-section search on log T). */
    static double fitTemperature(double[][] logits, int[] gold) {
        double lo = Math.log(0.05), hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
        double fa = nll(logits, gold, Math.exp(a)), fb = nll(logits, gold, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = nll(logits, gold, Math.exp(a));
            } else {
                lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = nll(logits, gold, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Expected calibration error of top-1 confidences over {@link #BINS} equal-width bins. */
    static double ece(double[] confidence, boolean[] correct) {
        int n = confidence.length;
        if (n == 0) return Double.NaN;
        double[] conf = new double[BINS], acc = new double[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < n; i++) {
            int b = Math.min(BINS - 1, (int) (confidence[i] * BINS));
            count[b]++;
            conf[b] += confidence[i];
            acc[b] += correct[i] ? 1 : 0;
        }
        double e = 0;
        for (int b = 0; b < BINS; b++) if (count[b] > 0) e += Math.abs(acc[b] - conf[b]) / n;
        return e;
    }
}
