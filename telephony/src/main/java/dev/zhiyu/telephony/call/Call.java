package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One outbound leg as seen from ESL. Events for its Unique-ID land in a mailbox that the call's own
 * (virtual) thread drains; the ESL dispatcher only enqueues.
 */
public final class Call {

    /**
     * Not a FreeSWITCH event: put in the mailbox when this process stops following the call ({@link #detach}), so a
     * dialog waiting for the switch's next event stops at once.
     */
    static final String DETACHED = "ZHIYU_DETACHED";

    /** As originated; a re-attached call's gateway is corrected to the one FreeSWITCH reports for the channel. */
    volatile OriginateRequest request;
    final String jobUuid;
    private final LinkedBlockingQueue<EslEvent> mailbox = new LinkedBlockingQueue<>();
    final CompletableFuture<String> job = new CompletableFuture<>();
    final CompletableFuture<EslEvent> hangupComplete = new CompletableFuture<>();
    final Instant originatedAt;
    /** Taken over from an earlier process (its dialog starts afresh). */
    final boolean reattached;
    /**
     * Its BACKGROUND_JOB may have gone to a dead connection (re-attached, or left pending by a resync): answer and
     * hang-up events complete the originate result instead.
     */
    volatile boolean jobFromEvents;
    /** Re-attached after it was answered: the callee heard the crashed process's dialog, whose state is lost. */
    volatile boolean midDialog;
    volatile Instant answeredAt;
    volatile String recordingPath;
    /** Which ESL connection of its node the call was placed on (a resync judges only earlier ones). */
    volatile long epoch;
    /** A hang-up cause asked for but not yet delivered to FreeSWITCH. */
    volatile String pendingKill;

    /** Where a supervisor asked this call to go; the call's dialog thread carries the transfer out. */
    private final java.util.concurrent.atomic.AtomicReference<String> takeover = new java.util.concurrent.atomic.AtomicReference<>();

    private final CompletableFuture<Void> detached = new CompletableFuture<>();

    private final CallControl control;

    Call(CallControl control, OriginateRequest request, String jobUuid, Instant originatedAt, boolean reattached) {
        this.control = control;
        this.request = request;
        this.jobUuid = jobUuid;
        this.originatedAt = originatedAt;
        this.reattached = reattached;
        this.jobFromEvents = reattached;
    }

    /** Whether this call was taken over from a dialer that crashed (its dialog starts afresh). */
    public boolean reattached() {
        return reattached;
    }

    /** Whether this call was taken over after it had been answered (its dialog was under way). */
    public boolean midDialog() {
        return midDialog;
    }

    /** The node this call is on: every command for it goes there. */
    public CallControl control() {
        return control;
    }

    public String uuid() {
        return request.uuid();
    }

    public OriginateRequest request() {
        return request;
    }

    void deliver(EslEvent e) {
        switch (e.name()) {
            case "CHANNEL_ANSWER" -> {
                answeredAt = control.now(); // the dialer's clock, like every other timestamp of the call
                if (jobFromEvents) {
                    job.complete("+OK " + uuid() + "\n");
                }
            }
            case "CHANNEL_HANGUP_COMPLETE" -> {
                if (jobFromEvents) {
                    job.complete("-ERR " + e.getOrEmpty("Hangup-Cause") + "\n");
                }
                hangupComplete.complete(e);
            }
            case "RECORD_START" -> recordingPath = e.get("Record-File-Path");
            default -> {
            }
        }
        mailbox.add(e);
    }

    /** Next event for this call, or null after {@code timeout}. */
    EslEvent next(Duration timeout) throws InterruptedException {
        return mailbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A supervisor takes the call over: its dialog stops at the next event and transfers to {@code target}
     * ({@code queue:<name>} for mod_callcenter, else an extension). False if it was already taken over or ended.
     */
    public boolean takeOver(String target) {
        return !hungUp() && takeover.compareAndSet(null, target);
    }

    /**
     * This process stops following the call (it is shutting down): the call's thread stops waiting for the switch and
     * leaves the call to a restarted dialer; the channel itself stays up on FreeSWITCH. Idempotent.
     */
    public void detach() {
        if (detached.complete(null)) {
            mailbox.add(new EslEvent(EventFormat.PLAIN, List.of(Map.entry("Event-Name", DETACHED),
                    Map.entry("Unique-ID", uuid())), ""));
        }
    }

    /** Completed by {@link #detach}: whoever waits for the switch on the call's behalf waits for this too. */
    public CompletableFuture<Void> detached() {
        return detached;
    }

    /** The take-over target asked for, or null. */
    public String takeoverTarget() {
        return takeover.get();
    }

    public boolean hungUp() {
        return hangupComplete.isDone();
    }

    public Instant answeredAt() {
        return answeredAt;
    }

    public String recordingPath() {
        return recordingPath;
    }

    /** CHANNEL_HANGUP_COMPLETE, or a synthetic one if the call was closed as interrupted. */
    public CompletableFuture<EslEvent> hangupComplete() {
        return hangupComplete;
    }

    /** The BACKGROUND_JOB body: "+OK &lt;uuid&gt;" after answer, "-ERR &lt;CAUSE&gt;" after failure. */
    public CompletableFuture<String> originateResult() {
        return job;
    }
}
