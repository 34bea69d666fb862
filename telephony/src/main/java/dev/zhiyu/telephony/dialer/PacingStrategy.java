package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.Call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a task does with its answered calls, and so how fast it dials: progressive (a robot dialog per answered call,
 * as many calls as the caps allow) or predictive (answered calls go to human agents; a pacer decides how many lines
 * to dial). Everything else about a call is the one {@link CallFlow}.
 */
interface PacingStrategy {

    /** How many calls the task may start now, within its caps. */
    int allowance(TaskSpec task, Instant now);

    /** A call of the task is ringing: a new originate, or a re-attached call not answered yet. */
    void dialling();

    /** How long an answered call can last at most, when that is bounded (a dialog ends at its max duration). */
    Optional<Duration> maxTalk();

    /**
     * The originate's result is known ({@code answered} or not): deals with the call until it is handed on, and
     * says what became of it.
     */
    Talk talk(Attempt a, Call call, boolean answered);

    /** The call has hung up: frees what {@link #talk} took for it. */
    void ended(Talk talk);

    /**
     * What became of an answered call.
     *
     * @param disposition  the call's disposition when the talk decides it; null: from the hang-up cause
     * @param smsTemplates text messages the callee asked for, to send once the call is over
     */
    record Talk(Disposition disposition, List<String> transcript, String outcome, String transferredTo, boolean optOut,
                List<String> smsTemplates) {

        /** Not answered, or no talk (a dialog that failed to run, a call handled before a restart). */
        static final Talk NONE = new Talk(null, List.of(), null, null, false, List.of());

        /** Handed to an agent at {@code target}, or abandoned when none was free. */
        static Talk toAgent(String target) {
            return target == null ? new Talk(Disposition.ABANDONED, List.of(), null, null, false, List.of())
                    : new Talk(Disposition.TRANSFERRED, List.of(), null, target, false, List.of());
        }
    }
}
