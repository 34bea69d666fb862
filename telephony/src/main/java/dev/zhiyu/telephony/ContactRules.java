package dev.zhiyu.telephony;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Whom, when and as whom the tenant may call: its do-not-call list and the opt-outs captured in calls, its holiday
 * calendar, and the caller numbers registered for it.
 */
public interface ContactRules {

    /** A number the tenant must not call: {@code dnc} (its list) or {@code opt_out} (captured in a call). */
    record Blocked(String phone, String kind, String reason, Instant at) {
    }

    /** A supervisor's decision on an opt-out: {@code decision} confirmed or rejected, {@code note} the reviewer's reason. */
    record OptOutReview(String phone, String decision, String originalReason, String note, String reviewer, Instant at) {
    }

    /** A caller number registered for the tenant. */
    record CallerId(String number, String label, Instant addedAt) {
    }

    /** A day on the tenant's holiday calendar. */
    record Holiday(LocalDate date, String name, Instant addedAt) {
    }

    boolean blocked(String tenantId, String phone);

    /** The callee asked in a call not to be called again; a supervisor reviews it. */
    void optOut(String tenantId, String phone, String reason);

    void addDnc(String tenantId, String phone);

    /** Adds a number to the tenant's DNC list; false if it was blocked already (by DNC or an opt-out). */
    boolean addToDnc(String phone, String reason);

    /** The tenant's blocked numbers, newest first; {@code kind} null for both kinds. */
    List<Blocked> blockedNumbers(String kind, int offset, int limit);

    /**
     * A supervisor's decision on an opt-out captured in a call: confirmed, it becomes a DNC entry; rejected, the number
     * may be called again. Logged either way. False when the number has no opt-out pending (DNC entries are not reviewed).
     */
    boolean reviewOptOut(String phone, boolean confirm, String reviewer, Instant at);

    /** As {@link #reviewOptOut(String, boolean, String, Instant)}, keeping the reviewer's reason ({@code note}) too. */
    default boolean reviewOptOut(String phone, boolean confirm, String reviewer, String note, Instant at) {
        return reviewOptOut(phone, confirm, reviewer, at);
    }

    /** The latest decisions on opt-outs, newest first. */
    default List<OptOutReview> optOutReviews(int limit) {
        return List.of();
    }

    /** Removes a number (DNC entry or opt-out); false if it was not blocked. */
    boolean unblock(String phone);

    /** Whether {@code day} (in the task's time zone) is on the tenant's holiday calendar: no task of it dials then. */
    boolean holiday(String tenantId, LocalDate day);

    List<Holiday> holidays();

    /** False if the day was on the calendar already. */
    boolean addHoliday(LocalDate day, String name);

    boolean removeHoliday(LocalDate day);

    List<CallerId> callerIds();

    /** False if the number was registered already. */
    boolean addCallerId(String number, String label);

    boolean removeCallerId(String number);
}
