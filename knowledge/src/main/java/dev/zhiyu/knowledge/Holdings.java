package dev.zhiyu.knowledge;

/**
 * Computed ownership of one company: its ultimate holders (persons, state bodies, other parties, and companies where the
 * data stops) with effective shares, the share whose holders are not known, and its control decision.
 */
final class Holdings {
    static final Holdings EMPTY = new Holdings(new int[0], new double[0], 1, false);

    final int[] roots;
    final double[] shares;
    /** Share of the company whose ultimate holders are not in the data (open tops, undisclosed remainder). */
    final double missing;
    final boolean unknownShare;
    int top = -1;
    int via = -1;
    ControlBasis basis = ControlBasis.NONE;
    double controlVotes;
    /** Unknown votes that could change the control decision; non-empty means it was not decided. */
    java.util.List<String> gaps = java.util.List.of();

    Holdings(int[] roots, double[] shares, double missing, boolean unknownShare) {
        this.roots = roots;
        this.shares = shares;
        this.missing = missing;
        this.unknownShare = unknownShare;
    }

    double shareOf(int root) {
        for (int i = 0; i < roots.length; i++) {
            if (roots[i] == root) {
                return shares[i];
            }
        }
        return 0;
    }

    /** Below 0.01% missing is rounding in the source data, not a gap. */
    static final double INCOMPLETE = 1e-4;

    boolean incomplete() {
        return unknownShare || missing > INCOMPLETE;
    }
}
