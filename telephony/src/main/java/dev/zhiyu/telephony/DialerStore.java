package dev.zhiyu.telephony;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Persistent task and call state (the tenant database in the server; memory in tests and demo mode).
 * {@link #claimAttempt} is the crash-safety hinge: an attempt is written before its originate leaves, and a
 * given (task, lead, attempt) can be claimed once only — so no restart ever dials it again.
 */
public interface DialerStore {

    /** Per-lead progress within a task. */
    record Progress(String leadId, int attempts, Instant nextAt, boolean done, Disposition last, int gatewayIndex) {
    }

    /** A claimed attempt whose record is not written yet. */
    record OpenAttempt(String taskId, String leadId, int attempt, String callId, String phone, Instant claimedAt) {
    }

    void saveTask(TaskSpec spec);

    TaskSpec task(String taskId);

    void setStatus(String taskId, TaskStatus status);

    TaskStatus status(String taskId);

    List<Lead> leads(String listId);

    Progress progress(String taskId, String leadId);

    void saveProgress(String taskId, Progress progress);

    /** False if this attempt was already claimed (by us before a crash, or by another node). */
    boolean claimAttempt(OpenAttempt attempt);

    List<OpenAttempt> openAttempts(String taskId);

    /** Writes the record and closes the attempt, atomically. */
    void finishAttempt(CallRecord record);

    List<CallRecord> records(String taskId);

    boolean blocked(String tenantId, String phone);

    void optOut(String tenantId, String phone, String reason);

    void addDnc(String tenantId, String phone);

    int dialsOn(String tenantId, String phone, LocalDate day);
}
