package dev.zhiyu.reports.explain;

import java.util.List;

/** A frozen set of research staff's judgment ids, a quarter held out for evaluation. */
public record JudgmentSnapshot(String id, List<Long> training, List<Long> heldOut, int conflictsLeftOut) {
    public JudgmentSnapshot {
        training = List.copyOf(training);
        heldOut = List.copyOf(heldOut);
    }

    public int size() {
        return training.size() + heldOut.size();
    }
}
