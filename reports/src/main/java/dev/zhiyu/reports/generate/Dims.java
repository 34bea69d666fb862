package dev.zhiyu.reports.generate;

/** Sizes: record features, hidden width, vocabulary, max records, max plan length, max target tokens. */
record Dims(int features, int hidden, int vocab, int records, int plan, int tokens) {
    int planSteps() { return plan + 1; }
}
