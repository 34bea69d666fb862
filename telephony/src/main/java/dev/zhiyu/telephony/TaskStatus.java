package dev.zhiyu.telephony;

public enum TaskStatus { CREATED, RUNNING, PAUSED, STOPPED, COMPLETED }
