package dev.zhiyu.telephony;

import java.util.Optional;

/**
 * One tenant's dialer as the server drives it (from {@link Switchboard#dialer}): a background loop starts tasks and
 * ticks them; supervisors take over calls.
 */
public interface TaskDialer {
    /**
     * Takes on a task: recovers what a previous process left open, gives a predictive task its pacer and agent queue,
     * marks it running.
     */
    void start(String taskId);

    /** Starts what is due now; returns how many calls were started. Cheap to call often. */
    int tick(String taskId);

    /** Open attempts of {@code taskId} waiting for their node to come back. */
    int unconfirmed(String taskId);

    /** Channels of {@code taskId} still to be checked and hung up on their node. */
    int pendingKills(String taskId);

    /**
     * Why the media path could not be verified when this dialer last started the task (no verdict from a node's test
     * utterance, or the node was down): it runs on the module check alone. Empty when verified or not started here.
     */
    Optional<String> mediaWarning(String taskId);

    /** Calls in progress across the tenant's tasks. */
    int active();

    /** The task of a call this dialer is holding a dialog on (answered and not yet ended), if any. */
    Optional<String> talkingTask(String callId);

    /**
     * A supervisor takes over an answered call whose dialog is running: it is transferred to {@code target}.
     *
     * @throws TelephonyException CONFLICT while the call's node is disconnected (its state is unconfirmed; the
     *                            message names the node and says to retry once it is back)
     */
    TakeoverResult takeOver(String callId, String target);
}
