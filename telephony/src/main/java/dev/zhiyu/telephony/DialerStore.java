package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the dialer persists, one port per concern (the tenant database in the server; memory in tests and
 * demo mode), and the questions that join a task's progress to its list.
 */
public interface DialerStore extends TaskStore, CallLists, AttemptStore, ContactRules {

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
}
