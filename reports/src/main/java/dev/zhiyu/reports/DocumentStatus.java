package dev.zhiyu.reports;

/** Where a document is in the pipeline; FAILED documents carry an {@link InputProblem} code and message. */
public enum DocumentStatus { RECEIVED, PROCESSING, DONE, FAILED }
