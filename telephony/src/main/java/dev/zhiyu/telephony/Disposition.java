package dev.zhiyu.telephony;

import java.time.Duration;

/**
 * What became of one call attempt, decided from the hang-up cause, the SIP status and who hung up, the answer state
 * and the talk time (see {@link #of(HangupFacts, Duration)} and the captured matrix {@code data/esl/hangup_matrix.json}).
 * Decides whether the dialer may try the number again. No disposition is by itself a wish not to be called: a SIP
 * 603 decline is the phone's (or the network's) answer to one call, so only the customer saying so in the dialog
 * opts a number out.
 */
public enum Disposition {
    COMPLETED(false, "通话完成"),
    TRANSFERRED(false, "已转人工"),
    BUSY(true, "忙线"),
    NO_ANSWER(true, "无人接听"),
    UNAVAILABLE(true, "暂时无法接通"),
    INVALID_NUMBER(false, "空号"),
    REJECTED(false, "拒接"),
    /**
     * Answered, then the customer hung up within seconds without saying anything: they never heard the pitch, so
     * it is neither a completed call nor a refusal. Retryable (by default hours later, at another time of day),
     * within the task's attempt cap.
     */
    EARLY_HANGUP(true, "接通后速挂"),
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

    /** Faults of ours or the carrier's: retry on another gateway and alert an operator. */
    public boolean carrierSide() {
        return this == CARRIER_FAULT || this == GATEWAY_ERROR;
    }

    /** Only the cause is known: as {@link #of(HangupFacts, Duration)} with no SIP detail and no early hang-up. */
    public static Disposition of(String cause, boolean answered) {
        return of(HangupFacts.cause(cause, answered), Duration.ZERO);
    }

    /**
     * @param earlyHangup an answered call the customer hung up ({@code recv_bye}) in less than this, before saying
     *                    anything, is {@link #EARLY_HANGUP}; zero turns that off
     */
    public static Disposition of(HangupFacts f, Duration earlyHangup) {
        if ("INTERRUPTED".equals(f.cause())) {
            return INTERRUPTED; // we lost the call (FreeSWITCH or ESL went away): its end was never seen
        }
        if (f.answered()) {
            boolean calleeHungUp = "recv_bye".equals(f.sipDisposition());
            return calleeHungUp && !f.customerSpoke() && f.talkSeconds() < earlyHangup.toSeconds() ? EARLY_HANGUP
                    : COMPLETED;
        }
        if (f.cause() == null) {
            return FAILED;
        }
        Disposition bySip = "NORMAL_CLEARING".equals(f.cause()) ? bySipStatus(f.sipStatus()) : null;
        return bySip != null ? bySip : byCause(f.cause());
    }

    /**
     * Carriers often send their SIP refusal with a Reason header of Q.850 16 (normal clearing), so FreeSWITCH reports
     * NORMAL_CLEARING for an unanswered call: the SIP status says what really happened (480 Temporarily Unavailable
     * and 408 Request Timeout mean nobody picked up).
     */
    private static Disposition bySipStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status.strip()) {
            case "480", "408", "487" -> NO_ANSWER;
            case "486", "600" -> BUSY;
            case "404", "604", "484" -> INVALID_NUMBER;
            case "603" -> REJECTED;
            case "500", "502", "503", "504" -> CARRIER_FAULT;
            default -> null;
        };
    }

    private static Disposition byCause(String cause) {
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
