package dev.zhiyu.telephony.sim;

import dev.zhiyu.dialog.UserInput.Hypothesis;

import java.util.List;

/**
 * How a simulated callee behaves: what the network answers, how long it rings, then what the person says to
 * each prompt in turn (after the script runs out they stay silent).
 *
 * @param duplicateSpeech deliver each DETECTED_SPEECH twice with the same Event-Sequence, as real async
 *                        detect_speech does
 * @param patienceMillis  once answered, how long the person listens to dead air (no application running) before
 *                        hanging up; 0: for ever
 */
public record Callee(Kind kind, long ringMillis, List<Utterance> script, boolean duplicateSpeech,
                     long patienceMillis) {

    public Callee {
        script = List.copyOf(script);
    }

    public Callee(Kind kind, long ringMillis, List<Utterance> script, boolean duplicateSpeech) {
        this(kind, ringMillis, script, duplicateSpeech, 0);
    }

    /** Hangs up after {@code millis} of dead air on the answered call. */
    public Callee hangsUpOnSilenceAfter(long millis) {
        return new Callee(kind, ringMillis, script, duplicateSpeech, millis);
    }

    /** Network-level outcome, each one as captured from FreeSWITCH 1.10.12 (see hangup_matrix.json). */
    public enum Kind {
        ANSWER("NORMAL_CLEARING", "200", "recv_bye", "16"),
        BUSY("USER_BUSY", "486", "recv_refuse", "17"),
        NO_ANSWER("NO_ANSWER", null, "send_cancel", "19"),
        INVALID_NUMBER("UNALLOCATED_NUMBER", "404", "recv_refuse", "1"),
        REJECT("CALL_REJECTED", "603", "recv_refuse", "21"),
        UNAVAILABLE("NO_USER_RESPONSE", "480", "recv_refuse", "18"),
        CARRIER_FAULT("NORMAL_TEMPORARY_FAILURE", "503", "recv_refuse", "41"),
        /**
         * 480 Temporarily Unavailable carrying {@code Reason: Q.850;cause=16}, as Chinese carriers send for a phone
         * that is off or out of coverage: FreeSWITCH reports NORMAL_CLEARING with sip_term_status 480.
         */
        UNAVAILABLE_NORMAL_CLEARING("NORMAL_CLEARING", "480", "recv_refuse", "16"),
        /** 408 Request Timeout with Q.850 cause 16: NORMAL_CLEARING with sip_term_status 408. */
        TIMEOUT_NORMAL_CLEARING("NORMAL_CLEARING", "408", "recv_refuse", "16"),
        /** 183 + "the number you dialled does not exist" announcement, then the carrier gives up. */
        EARLY_MEDIA_DEAD("UNALLOCATED_NUMBER", "404", "recv_refuse", "1");

        final String cause;
        final String sipStatus;
        final String disposition;
        final String q850;

        Kind(String cause, String sipStatus, String disposition, String q850) {
            this.cause = cause;
            this.sipStatus = sipStatus;
            this.disposition = disposition;
            this.q850 = q850;
        }
    }

    public static Callee answers(Utterance... script) {
        return new Callee(Kind.ANSWER, 300, List.of(script), false);
    }

    public static Callee of(Kind kind) {
        return new Callee(kind, 300, List.of(), false);
    }

    public Callee duplicatingSpeech() {
        return new Callee(kind, ringMillis, script, true, patienceMillis);
    }

    public Callee ringing(long millis) {
        return new Callee(kind, millis, script, duplicateSpeech, patienceMillis);
    }

    /** What the callee does while a prompt plays. */
    public sealed interface Utterance {
        record Speech(List<Hypothesis> nbest) implements Utterance {
            public Speech {
                nbest = List.copyOf(nbest);
            }
        }

        record Silence() implements Utterance {
        }

        /** Hangs up while the prompt is still playing. */
        record HangUp() implements Utterance {
        }

        record Dtmf(String digits) implements Utterance {
        }

        static Utterance says(String text) {
            return new Speech(List.of(new Hypothesis(text, 0.92)));
        }
    }

    public static Utterance says(String text) {
        return Utterance.says(text);
    }

    public static Utterance saysEither(String best, double c1, String second, double c2) {
        return new Utterance.Speech(List.of(new Hypothesis(best, c1), new Hypothesis(second, c2)));
    }
}
