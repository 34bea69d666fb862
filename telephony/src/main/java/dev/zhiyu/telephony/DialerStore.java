package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.ArrayList;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Persistent task and call state (the tenant database in the server; memory in tests and demo mode).
 * {@link #claimAttempt} is the crash-safety hinge: an attempt is written before its originate leaves, and a
 * given (task, lead, attempt) can be claimed once only — so no restart ever dials it again.
 */
public interface DialerStore {

    /** Per-lead progress within a task. */
    record Progress(String leadId, int attempts, Instant nextAt, boolean done, Disposition last, int gatewayIndex) {
    }

    /**
     * A claimed attempt whose record is not written yet.
     *
     * @param node             the FreeSWITCH node its originate went to; null when not known (claimed before nodes
     *                         were recorded): then any node may have it
     * @param unconfirmedSince when a restarted dialer first found its node unreachable and so could neither re-attach
     *                         nor close it; null while it is not in that state. Its lead is not dialled meanwhile.
     */
    record OpenAttempt(String taskId, String leadId, int attempt, String callId, String phone, Instant claimedAt,
                       String node, Instant unconfirmedSince) {

        public OpenAttempt(String taskId, String leadId, int attempt, String callId, String phone, Instant claimedAt) {
            this(taskId, leadId, attempt, callId, phone, claimedAt, null, null);
        }

        public OpenAttempt withNode(String node) {
            return new OpenAttempt(taskId, leadId, attempt, callId, phone, claimedAt, node, unconfirmedSince);
        }
    }

    /**
     * An attempt closed as interrupted because its node stayed unreachable past the deadline: FreeSWITCH may still
     * have its channel up there with nobody controlling it, so it is to be checked and hung up once the node is back.
     *
     * @param node  the node its originate went to; null when not recorded (then any node may have it)
     * @param since when the attempt was closed so
     */
    record PendingKill(String callId, String taskId, String leadId, String node, Instant since) {
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

    /**
     * The open attempt {@code callId} could not be confirmed (its node is unreachable): keeps the earliest such time,
     * so a restart does not restart the grace period. No effect on a finished or unknown attempt.
     */
    void markUnconfirmed(String callId, Instant since);

    /** Writes the record and closes the attempt, atomically. */
    void finishAttempt(CallRecord record);

    /**
     * As {@link #finishAttempt}, and in the same step remembers the call's channel as to be hung up on its node
     * ({@link #pendingKills}) since {@code since}; a restart keeps it. No effect on a finished or unknown attempt.
     */
    void finishOrphaned(CallRecord record, Instant since);

    /** The task's channels still to be checked and hung up on their node, oldest first. */
    List<PendingKill> pendingKills(String taskId);

    /** The node was checked (the channel was hung up, or not there): the call is no longer to be hung up. */
    void clearPendingKill(String callId);

    List<CallRecord> records(String taskId);

    boolean blocked(String tenantId, String phone);

    void optOut(String tenantId, String phone, String reason);

    void addDnc(String tenantId, String phone);

    int dialsOn(String tenantId, String phone, LocalDate day);

    /** Whether {@code day} (in the task's time zone) is on the tenant's holiday calendar: no task of it dials then. */
    default boolean holiday(String tenantId, LocalDate day) {
        return false;
    }

    /**
     * Leads of the list that are not done and due at {@code now} (never tried, or retry time reached), in list
     * order, at most {@code limit}. Stores backed by a database answer this with one query instead of a scan.
     */
    default List<Lead> due(String taskId, String listId, Instant now, int limit) {
        List<Lead> out = new ArrayList<>();
        for (Lead l : leads(listId)) {
            Progress p = progress(taskId, l.id());
            if (!p.done() && (p.nextAt() == null || !p.nextAt().isAfter(now))) {
                out.add(l);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Whether any lead of the list is not done yet for this task. */
    default boolean pending(String taskId, String listId) {
        return leads(listId).stream().anyMatch(l -> !progress(taskId, l.id()).done());
    }

    /** How many leads of the list are not done yet for this task; database stores count them in one query. */
    default int undone(String taskId, String listId) {
        return (int) leads(listId).stream().filter(l -> !progress(taskId, l.id()).done()).count();
    }

    /** One lead of a list; database stores look it up by key instead of scanning the list. */
    default Optional<Lead> lead(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).findFirst();
    }

    /** The phone of one lead, or empty; database stores look it up by key instead of scanning the list. */
    default String phoneOf(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).map(Lead::phone).findFirst().orElse("");
    }
}
