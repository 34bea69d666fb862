package dev.zhiyu.knowledge;

/** An ultimate holder of a company and its effective share (fraction 0–1). */
public record HolderShare(Party holder, double share) {
    public HolderShare {
        share = Shares.clean(share);
    }
}
