package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One outbound leg as seen from ESL. Events for its Unique-ID land in a mailbox that the call's own
 * (virtual) thread drains; the ESL dispatcher only enqueues.
 */
public final class Call {

    final OriginateRequest request;
    final String jobUuid;
    private final LinkedBlockingQueue<EslEvent> mailbox = new LinkedBlockingQueue<>();
    final CompletableFuture<String> job = new CompletableFuture<>();
    final CompletableFuture<EslEvent> hangupComplete = new CompletableFuture<>();
    final Instant originatedAt;
    volatile Instant answeredAt;
    volatile String recordingPath;

    Call(OriginateRequest request, String jobUuid, Instant originatedAt) {
        this.request = request;
        this.jobUuid = jobUuid;
        this.originatedAt = originatedAt;
    }

    public String uuid() {
        return request.uuid();
    }

    public OriginateRequest request() {
        return request;
    }

    void deliver(EslEvent e) {
        switch (e.name()) {
            case "CHANNEL_ANSWER" -> answeredAt = Instant.now();
            case "CHANNEL_HANGUP_COMPLETE" -> hangupComplete.complete(e);
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
