package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.call.Call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answered calls go straight to human agents at {@code target} ({@code queue:<name>} for mod_callcenter, else an
 * extension); {@code pacer} decides how many lines to dial. An answered call that finds no free agent is hung up and
 * recorded as abandoned.
 */
final class PredictivePacing implements PacingStrategy {

    private static final long RECOUNT_MILLIS = 5_000;

    private final PredictivePacer pacer;
    private final Dialer.Agents agents;
    private final String target;
    private final String queuePrefix;
    private final DialerStore store;
    private final Clock clock;
    private final CallStates states;
    private final AtomicInteger dialling = new AtomicInteger();
    private final AtomicInteger leadsLeft = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicLong leadsCountedAt = new AtomicLong(Long.MIN_VALUE / 2);

    PredictivePacing(PredictivePacer pacer, Dialer.Agents agents, String target, String queuePrefix, DialerStore store,
                     Clock clock, CallStates states) {
        this.pacer = pacer;
        this.agents = agents;
        this.target = target;
        this.queuePrefix = queuePrefix;
        this.store = store;
        this.clock = clock;
        this.states = states;
    }

    @Override
    public int allowance(TaskSpec task, Instant now) {
        return pacer.callsToPlace(new PredictivePacer.Snapshot(agents.free(), agents.busy(), dialling.get(),
                leadsLeft(task, now)), now, task.maxConcurrent());
    }

    /** Leads of the task not done yet, counted again at most every few seconds (one query on a database). */
    private int leadsLeft(TaskSpec task, Instant now) {
        long last = leadsCountedAt.get();
        if (now.toEpochMilli() - last >= RECOUNT_MILLIS && leadsCountedAt.compareAndSet(last, now.toEpochMilli())) {
            leadsLeft.set(store.undone(task.id(), task.listId()));
        }
        return leadsLeft.get();
    }

    @Override
    public void dialling() {
        dialling.incrementAndGet();
    }

    /** A call handed to an agent has no bound this dialer knows. */
    @Override
    public Optional<Duration> maxTalk() {
        return Optional.empty();
    }

    /** A re-attached call answered before a restart was handed to an agent or hung up then: nothing to do. */
    @Override
    public Talk talk(Attempt a, Call call, boolean answered) {
        if (a.answeredBefore()) {
            return Talk.NONE;
        }
        dialling.decrementAndGet();
        pacer.attemptEnded(answered, Duration.between(a.originatedAt(), clock.instant()));
        if (!answered) {
            return Talk.NONE;
        }
        states.publish(a, "answered");
        boolean claimed = agents.claim();
        pacer.answered(clock.instant(), !claimed);
        if (!claimed) {
            call.control().hangup(call, "NORMAL_CLEARING");
            return Talk.toAgent(null);
        }
        if (target.startsWith(queuePrefix)) {
            call.control().execute(call, "callcenter", target.substring(queuePrefix.length()), UUID.randomUUID().toString());
        } else {
            call.control().api("uuid_transfer " + call.uuid() + " " + target + " XML default");
        }
        return Talk.toAgent(target);
    }

    @Override
    public void ended(Talk talk) {
        if (talk.transferredTo() != null) {
            agents.release();
        }
    }
}
