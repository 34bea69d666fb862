package dev.zhiyu.telephony;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Per-lead progress, attempts and call records. {@link #claimAttempt} is the crash-safety hinge: an attempt is
 * written before its originate leaves, and a given (task, lead, attempt) can be claimed once only — so no restart
 * ever dials it again.
 */
public interface AttemptStore {
    // Progress, OpenAttempt and PendingKill are declared in DialerStore, where the dialer imports them from.

    DialerStore.Progress progress(String taskId, String leadId);

    void saveProgress(String taskId, DialerStore.Progress progress);

    /** False if this attempt was already claimed (by us before a crash, or by another node). */
    boolean claimAttempt(DialerStore.OpenAttempt attempt);

    List<DialerStore.OpenAttempt> openAttempts(String taskId);

    /**
     * The open attempt {@code callId} could not be confirmed (its node is unreachable): keeps the earliest such time,
     * so a restart does not restart the grace period. No effect on a finished or unknown attempt.
     */
    void markUnconfirmed(String callId, Instant since);

    /**
     * Appends a line to the running transcript of the open attempt {@code callId}, durably, as the call goes: a dialer
     * restarted mid-call continues the dialog from it. No effect on a finished or unknown attempt.
     */
    void appendLine(String callId, String line);

    /** The running transcript of the open attempt {@code callId}, in order; empty once it is finished or unknown. */
    List<String> lines(String callId);

    /** Writes the record and closes the attempt (its running transcript goes), atomically. */
    void finishAttempt(CallRecord record);

    /**
     * As {@link #finishAttempt}, and in the same step remembers the call's channel as to be hung up on its node
     * ({@link #pendingKills}) since {@code since}; a restart keeps it. No effect on a finished or unknown attempt.
     */
    void finishOrphaned(CallRecord record, Instant since);

    /** The task's channels still to be checked and hung up on their node, oldest first. */
    List<DialerStore.PendingKill> pendingKills(String taskId);

    /** The node was checked (the channel was hung up, or not there): the call is no longer to be hung up. */
    void clearPendingKill(String callId);

    List<CallRecord> records(String taskId);

    /** Records of a task, oldest first, paged. */
    default List<CallRecord> records(String taskId, int offset, int limit) {
        return records(taskId).stream().skip(offset).limit(limit).toList();
    }

    /** Attempts claimed for {@code phone} on {@code day} across the tenant's tasks (the per-number daily cap). */
    int dialsOn(String tenantId, String phone, LocalDate day);
}
