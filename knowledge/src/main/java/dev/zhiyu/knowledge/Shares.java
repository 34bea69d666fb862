package dev.zhiyu.knowledge;

/** Computed shares as answers show them: products of decimal shares carry binary noise (0.030000000000000002). */
final class Shares {
    /** Ten decimals of a fraction: 0.00000001%, far below any disclosed precision. */
    private static final double SCALE = 1e10;

    private Shares() {
    }

    static double clean(double share) {
        return Double.isFinite(share) ? Math.round(share * SCALE) / SCALE : share;
    }

    static Double clean(Double share) {
        return share == null ? null : clean(share.doubleValue());
    }
}
