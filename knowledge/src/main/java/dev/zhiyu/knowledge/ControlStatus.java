package dev.zhiyu.knowledge;

/** The outcome of the actual-controller test. */
public enum ControlStatus {
    /** a natural person or state body controls the company */
    CONTROLLED,
    /** nobody controls it (dispersed holdings, or the controlling shareholder itself has no controller) */
    NO_CONTROLLER,
    /** the control chain ends at a company whose holders are not in the data */
    INCOMPLETE
}
