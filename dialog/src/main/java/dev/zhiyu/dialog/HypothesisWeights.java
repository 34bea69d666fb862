package dev.zhiyu.dialog;

import java.util.List;

/**
 * Turns a recogniser's N-best list into weights that sum to 1. Recogniser scores are not probabilities and differ
 * between engines, so only their order and their spread within the list are used: min-max scaled scores plus a
 * rank prior. Broken scores (NaN, infinite, negative) fall back to rank alone.
 */
final class HypothesisWeights {
    /** Tuned on the simulator's development seeds (see DialogSimulation), not on the evaluation seed. */
    static final double RANK_DECAY = 1.2;
    static final double SCORE_GAIN = 1.0;

    private HypothesisWeights() {
    }

    static double[] of(List<UserInput.Hypothesis> nbest, boolean oneBest) {
        double[] w = new double[nbest.size()];
        if (w.length == 0) {
            return w;
        }
        if (oneBest) {
            w[0] = 1;
            return w;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean usable = true;
        for (UserInput.Hypothesis h : nbest) {
            double c = h.confidence();
            if (!Double.isFinite(c) || c < 0) {
                usable = false;
                break;
            }
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            double scaled = usable && max > min ? (nbest.get(i).confidence() - min) / (max - min) : 1.0;
            w[i] = Math.exp(-RANK_DECAY * i + SCORE_GAIN * scaled);
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }
}
