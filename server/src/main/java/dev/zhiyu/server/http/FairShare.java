package dev.zhiyu.server.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admits requests of many tenants to a few running slots and takes turns between the tenants that wait.
 *
 * <p>Why: the CPU and the in-process database are shared, so a per-tenant cap on requests in flight (a bulkhead)
 * still lets a busy tenant keep every core busy and multiply a quiet tenant's latency. Here at most {@code slots}
 * requests run at once (one per core and one spare, so a running request is not time-sliced against many others).
 * The {@code slots - 1} working slots are divided between the tenants active now (running, waiting, or done within
 * the last {@code activeWindow}): alone a tenant may use all of them, beside another it gets half, and so on, at
 * least one. The spare slot lets a tenant that was idle start at once; while it works, the busy tenant's finished
 * requests are not replaced beyond its share, so the newcomer soon has a core to itself. A freed slot goes to the
 * next tenant in turn that has a request waiting, not to whichever of the busy tenant's requests came first.
 */
final class FairShare {
    /** A request that could not get a slot within the wait limit. */
    static final class Saturated extends Exception {
        Saturated(String message) {
            super(message, null, false, false);
        }
    }

    private final int working;
    private final Duration maxWait;
    private final long activeWindowNanos;
    private final LongSupplier clock;
    private final Map<Long, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final ArrayDeque<Long> turns = new ArrayDeque<>();
    private final Map<Long, Integer> held = new HashMap<>();
    private final Map<Long, Long> lastDone = new HashMap<>();
    private int free;

    FairShare(int slots, Duration maxWait, Duration activeWindow) {
        this(slots, maxWait, activeWindow, System::nanoTime);
    }

    FairShare(int slots, Duration maxWait, Duration activeWindow, LongSupplier clock) {
        if (slots < 2) {
            throw new IllegalArgumentException("slots must be at least 2: " + slots);
        }
        this.working = slots - 1;
        this.maxWait = maxWait;
        this.activeWindowNanos = activeWindow.toNanos();
        this.clock = clock;
        this.free = slots;
    }

    /** Waits for a slot for the tenant (at most the wait limit); the caller must {@link #leave} once done. */
    void enter(long tenant) throws Saturated, InterruptedException {
        Waiter w;
        synchronized (this) {
            if (free > 0 && !waiting.containsKey(tenant) && held(tenant) < share(tenant)) {
                take(tenant);
                return;
            }
            w = new Waiter();
            waiting.computeIfAbsent(tenant, t -> {
                turns.addLast(t);
                return new ArrayDeque<>();
            }).addLast(w);
            dispatch();
        }
        if (w.granted.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        synchronized (this) {
            if (w.granted.getCount() == 0) {
                return; // granted just as the wait ran out
            }
            ArrayDeque<Waiter> queue = waiting.get(tenant);
            queue.remove(w);
            if (queue.isEmpty()) {
                waiting.remove(tenant);
                turns.remove(tenant);
            }
        }
        throw new Saturated("服务繁忙：" + maxWait.toSeconds() + " 秒内没有空闲的处理位置，请稍后重试");
    }

    synchronized void leave(long tenant) {
        int h = held(tenant) - 1;
        if (h <= 0) {
            held.remove(tenant);
        } else {
            held.put(tenant, h);
        }
        lastDone.put(tenant, clock.getAsLong());
        free++;
        dispatch();
    }

    /** The working slots one tenant may hold: all of them divided by the tenants active now, this one included. */
    private int share(long tenant) {
        long now = clock.getAsLong();
        lastDone.values().removeIf(t -> now - t > activeWindowNanos);
        Set<Long> active = new HashSet<>(held.keySet());
        active.addAll(waiting.keySet());
        active.addAll(lastDone.keySet());
        active.add(tenant);
        return Math.max(1, working / active.size());
    }

    /** Hands free slots to waiting tenants in turn, skipping a tenant that already holds its share. */
    private void dispatch() {
        int skipped = 0;
        int share = turns.isEmpty() ? 0 : share(turns.peekFirst()); // every tenant in turn is active already
        while (free > 0 && !turns.isEmpty() && skipped < turns.size()) {
            Long tenant = turns.pollFirst();
            if (held(tenant) >= share) {
                turns.addLast(tenant);
                skipped++;
                continue;
            }
            skipped = 0;
            ArrayDeque<Waiter> queue = waiting.get(tenant);
            Waiter next = queue.pollFirst();
            if (queue.isEmpty()) {
                waiting.remove(tenant);
            } else {
                turns.addLast(tenant);
            }
            take(tenant);
            next.granted.countDown();
        }
    }

    private void take(long tenant) {
        free--;
        held.merge(tenant, 1, Integer::sum);
    }

    private int held(long tenant) {
        return held.getOrDefault(tenant, 0);
    }

    private static final class Waiter {
        final CountDownLatch granted = new CountDownLatch(1);
    }
}
