package dev.zhiyu.models;

/** Where a version stands: trained and waiting, serving, or served once and replaced. */
public enum ModelStatus {
    CANDIDATE, LIVE, RETIRED
}
