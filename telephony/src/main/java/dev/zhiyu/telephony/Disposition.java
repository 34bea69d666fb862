package dev.zhiyu.telephony;

/**
 * What became of one call attempt, derived from FreeSWITCH's Hangup-Cause as in the captured hang-up matrix
 * ({@code data/esl/hangup_matrix.json}). Decides whether the dialer may try the number again.
 */
public enum Disposition {
    COMPLETED(false, "通话完成"),
    TRANSFERRED(false, "已转人工"),
    BUSY(true, "忙线"),
    NO_ANSWER(true, "无人接听"),
    UNAVAILABLE(true, "暂时无法接通"),
    INVALID_NUMBER(false, "空号"),
    REJECTED(false, "拒接"),
    CARRIER_FAULT(true, "线路故障"),
    GATEWAY_ERROR(true, "网关配置错误"),
    INTERRUPTED(true, "通话中断"),
    /** Answered while no human agent was free (predictive pacing): counts against the abandon-rate cap. */
    ABANDONED(true, "无空闲坐席放弃"),
    /**
     * Answered, but a prompt could not be played or the recogniser failed (an engine missing on the node): the call
     * was hung up; the number is tried again once the media works.
     */
    MEDIA_FAILED(true, "媒体故障"),
    FAILED(false, "呼叫失败");

    private final boolean retryable;
    private final String label;

    Disposition(boolean retryable, String label) {
        this.retryable = retryable;
        this.label = label;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Chinese label for consoles and reports. */
    public String label() {
        return label;
    }

    /** Rejection counts as a wish not to be called. */
    public boolean optOutSignal() {
        return this == REJECTED;
    }

    /** Faults of ours or the carrier's: retry on another gateway and alert an operator. */
    public boolean carrierSide() {
        return this == CARRIER_FAULT || this == GATEWAY_ERROR;
    }

    /**
     * @param cause    Hangup-Cause, or the cause from BACKGROUND_JOB's {@code -ERR <CAUSE>}
     * @param answered whether CHANNEL_ANSWER was seen
     */
    public static Disposition of(String cause, boolean answered) {
        if ("INTERRUPTED".equals(cause)) {
            return INTERRUPTED; // we lost the call (FreeSWITCH or ESL went away): its end was never seen
        }
        if (answered) {
            return COMPLETED;
        }
        if (cause == null) {
            return FAILED;
        }
        return switch (cause) {
            case "USER_BUSY" -> BUSY;
            case "NO_ANSWER", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT" -> NO_ANSWER;
            case "NO_USER_RESPONSE", "SUBSCRIBER_ABSENT" -> UNAVAILABLE;
            case "UNALLOCATED_NUMBER", "INVALID_NUMBER_FORMAT", "NO_ROUTE_DESTINATION", "NUMBER_CHANGED" -> INVALID_NUMBER;
            case "CALL_REJECTED" -> REJECTED;
            case "NORMAL_TEMPORARY_FAILURE", "DESTINATION_OUT_OF_ORDER", "NETWORK_OUT_OF_ORDER", "RECOVERY_ON_TIMER_EXPIRE",
                 "SWITCH_CONGESTION", "NORMAL_CIRCUIT_CONGESTION" -> CARRIER_FAULT;
            case "INVALID_GATEWAY", "GATEWAY_DOWN", "CHAN_NOT_IMPLEMENTED", "INVALID_PROFILE" -> GATEWAY_ERROR;
            case "INTERRUPTED" -> INTERRUPTED;
            default -> FAILED;
        };
    }
}
