package dev.zhiyu.knowledge;

/** One shareholding on an evidence path, with its source. */
public record PathStep(Party holder, Party company, Double equity, Double voting, Provenance source) {
}
