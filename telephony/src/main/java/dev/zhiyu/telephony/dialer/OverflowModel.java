package dev.zhiyu.telephony.dialer;

/**
 * The abandon model of one pacing decision. With {@code n} lines ringing (already dialling + new), the calls that
 * will answer are {@code A ~ Binomial(n, p)}; the agents there to take them are the free ones plus the busy ones
 * that finish within the ring horizon, {@code S = free + Binomial(busy, q)}. The expected abandons are the
 * expected overflow {@code E[max(0, A − S)]}.
 */
final class OverflowModel {

    private final double p;
    private final double[] supply;
    private final int free;

    /** @param q probability that a busy agent is free within the ring horizon */
    OverflowModel(double p, int free, int busy, double q) {
        this.p = p;
        this.free = Math.max(0, free);
        this.supply = binomial(Math.max(0, busy), q);
    }

    /** P(a busy agent finishes within {@code horizonMillis}) for exponential handle times of mean {@code handleMillis}. */
    static double freeUpProbability(double horizonMillis, double handleMillis) {
        return 1 - Math.exp(-horizonMillis / Math.max(1, handleMillis));
    }

    /**
     * The largest {@code n} in {@code [dialling, maxLines]} whose expected overflow is at most {@code ratio × n × p}
     * (abandons at most {@code ratio} of the expected answers) and whose overflow passes {@code budget} with
     * probability at most {@code risk}. Never below {@code dialling} (ringing calls are not withdrawn).
     */
    int maxLines(int dialling, int maxLines, double ratio, int budget, double risk) {
        int best = Math.max(0, dialling);
        double[] pmf = {1.0};
        for (int n = 1; n <= maxLines; n++) {
            pmf = addTrial(pmf, p);
            if (n <= dialling) {
                continue;
            }
            if (expectedOverflow(pmf) > ratio * n * p + 1e-12 || overflowAbove(pmf, budget) > risk) {
                break;
            }
            best = n;
        }
        return best;
    }

    /** P(overflow > k) if {@code n} lines ring. */
    double overflowAbove(int n, int k) {
        return overflowAbove(binomial(n, p), k);
    }

    /** P(A − (free + F) > k), A ~ pmf, F ~ supply. */
    private double overflowAbove(double[] pmf, int k) {
        int maxA = pmf.length - 1;
        double[] above = new double[maxA + 2]; // above[s] = P(A > s)
        double atMost = 0;
        for (int s = 0; s <= maxA; s++) {
            atMost += pmf[s];
            above[s] = Math.max(0, 1 - atMost);
        }
        double risk = 0;
        for (int f = 0; f < supply.length; f++) {
            int s = free + f + Math.max(0, k);
            risk += supply[f] * (s > maxA ? 0 : above[s]);
        }
        return risk;
    }

    /** Expected abandons of the calls ringing now, if {@code n} lines ring. */
    double expectedOverflow(int n) {
        return expectedOverflow(binomial(n, p));
    }

    /** E[max(0, A − (free + F))], A ~ pmf, F ~ supply. */
    private double expectedOverflow(double[] pmf) {
        // G(s) = E[max(0, A − s)], from G(0) = E[A] down by P(A > s) per step
        int maxA = pmf.length - 1;
        double[] g = new double[maxA + 2];
        for (int a = 0; a <= maxA; a++) {
            g[0] += a * pmf[a];
        }
        double atMost = 0;
        for (int s = 0; s <= maxA; s++) {
            atMost += pmf[s];
            g[s + 1] = Math.max(0, g[s] - (1 - atMost));
        }
        double overflow = 0;
        for (int f = 0; f < supply.length; f++) {
            int s = free + f;
            overflow += supply[f] * (s > maxA ? 0 : g[s]);
        }
        return overflow;
    }

    private static double[] addTrial(double[] pmf, double p) {
        double[] next = new double[pmf.length + 1];
        for (int a = 0; a < pmf.length; a++) {
            next[a] += pmf[a] * (1 - p);
            next[a + 1] += pmf[a] * p;
        }
        return next;
    }

    private static double[] binomial(int n, double p) {
        double[] pmf = {1.0};
        for (int i = 0; i < n; i++) {
            pmf = addTrial(pmf, p);
        }
        return pmf;
    }
}
