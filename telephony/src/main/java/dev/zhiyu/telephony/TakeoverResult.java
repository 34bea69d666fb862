package dev.zhiyu.telephony;

/** What a supervisor's take-over request found. */
public enum TakeoverResult { TAKEN, NOT_FOUND, NOT_UP, ALREADY }
