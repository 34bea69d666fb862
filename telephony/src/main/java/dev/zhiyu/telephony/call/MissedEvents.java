package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Resync} does with a call whose events went to a lost connection: one that ended meanwhile is closed
 * with the switch's record of its end (or as interrupted when there is none), one answered meanwhile gets the
 * originate result it missed, one still up gets a {@link #RESYNCED} marker.
 */
final class MissedEvents {

    /**
     * Not a FreeSWITCH event: put in a call's mailbox after a reconnect found its channel still up. Events of the gap
     * are lost for good (a prompt's CHANNEL_EXECUTE_COMPLETE, the callee's speech), so a dialog waiting for one must
     * not wait in silence: it stops what may still play and asks again.
     */
    static final String RESYNCED = "ZHIYU_RESYNCED";

    private final CallControl control;

    MissedEvents(CallControl control) {
        this.control = control;
    }

    static EslEvent resynced(Call call) {
        return new EslEvent(EventFormat.PLAIN, List.of(Map.entry("Event-Name", RESYNCED),
                Map.entry("Unique-ID", call.uuid())), "");
    }

    /** A CHANNEL_HANGUP_COMPLETE rebuilt for a call whose real one will never come. */
    static EslEvent hangup(Call call, String cause) {
        return new EslEvent(EventFormat.PLAIN, List.of(Map.entry("Event-Name", "CHANNEL_HANGUP_COMPLETE"),
                Map.entry("Unique-ID", call.uuid()), Map.entry("Hangup-Cause", cause)), "");
    }

    /** Closes a call whose end was never seen (FreeSWITCH no longer has it) as interrupted. */
    void interrupt(Call call) {
        control.forgetJob(call);
        call.job.complete("-ERR INTERRUPTED\n");
        control.finish(call, hangup(call, "INTERRUPTED"));
    }

    /**
     * A call that ended while the connection was down, closed with the switch's own record of its end: the hang-up
     * event that went to the dead connection is rebuilt from it.
     */
    void endedMeanwhile(Call call, SwitchRecord record) {
        control.forgetJob(call);
        if (record.answered() && call.answeredAt == null) {
            call.answeredAt = record.answeredAt();
        }
        call.jobFromEvents = false; // the originate result is the record's, not the synthetic hang-up's
        control.finish(call, new EslEvent(EventFormat.PLAIN, List.of(Map.entry("Event-Name", "CHANNEL_HANGUP_COMPLETE"),
                Map.entry("Unique-ID", call.uuid()), Map.entry("Hangup-Cause", record.cause()),
                Map.entry("variable_billsec", Long.toString(record.billSeconds()))), ""));
        call.job.complete(record.answered() ? "+OK " + call.uuid() + "\n" : "-ERR " + record.cause() + "\n");
    }

    /** A call answered while the connection was down: its BACKGROUND_JOB "+OK" went to the dead connection. */
    void answeredMeanwhile(Call call) {
        if (call.answeredAt == null) {
            call.answeredAt = control.now();
        }
        control.forgetJob(call);
        call.job.complete("+OK " + call.uuid() + "\n");
    }
}
