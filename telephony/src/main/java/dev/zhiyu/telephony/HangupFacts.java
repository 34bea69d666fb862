package dev.zhiyu.telephony;

import java.util.function.Function;

/**
 * What FreeSWITCH's CHANNEL_HANGUP_COMPLETE says about how a call ended, plus the one fact only the dialog knows: the
 * input a {@link Disposition} is decided from.
 *
 * @param cause          Hangup-Cause (or the BACKGROUND_JOB's {@code -ERR <CAUSE>}); null when unknown
 * @param sipStatus      {@code variable_sip_term_status}: the SIP final response (480, 603…), or 200 for a BYE
 * @param sipDisposition {@code variable_sip_hangup_disposition}: {@code recv_bye} = the callee hung up,
 *                       {@code send_bye} = we did, {@code recv_refuse} = the callee's network refused the INVITE
 * @param answered       the call was answered (CHANNEL_ANSWER seen, or a non-zero answered time on the event)
 * @param talkSeconds    {@code variable_billsec}: seconds from answer to hang-up
 * @param customerSpoke  the customer said something (speech or keys) before the call ended
 */
public record HangupFacts(String cause, String sipStatus, String sipDisposition, boolean answered, long talkSeconds,
                          boolean customerSpoke) {

    /** Only a cause is known (a failed originate, a call lost while the connection was down). */
    public static HangupFacts cause(String cause, boolean answered) {
        return new HangupFacts(cause, null, null, answered, 0, false);
    }

    /**
     * From a CHANNEL_HANGUP_COMPLETE's headers ({@code header} returns null for an absent one), as FreeSWITCH 1.10
     * sends them (see {@code data/esl/events/plain/CHANNEL_HANGUP_COMPLETE__*}).
     */
    public static HangupFacts fromEvent(Function<String, String> header, boolean answeredSeen, boolean customerSpoke) {
        String answeredTime = header.apply("Caller-Channel-Answered-Time");
        boolean answered = answeredSeen || answeredTime != null && !answeredTime.isBlank() && !"0".equals(answeredTime);
        return new HangupFacts(header.apply("Hangup-Cause"), header.apply("variable_sip_term_status"),
                header.apply("variable_sip_hangup_disposition"), answered, seconds(header.apply("variable_billsec")),
                customerSpoke);
    }

    private static long seconds(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
