package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FairShareTest {
    private static final long A = 1;
    private static final long B = 2;
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final AtomicLong clock = new AtomicLong();

    private FairShare share(int slots, Duration maxWait) {
        return new FairShare(slots, maxWait, WINDOW, clock::get);
    }

    @Test
    void aTenantAloneUsesEveryWorkingSlotButLeavesTheSpareToAnother() throws Exception {
        FairShare share = share(3, Duration.ofSeconds(5));
        share.enter(A);
        share.enter(A);
        Thread waitingA = enterInBackground(share, A);
        awaitBlocked(waitingA);
        share.enter(B); // at once: the spare slot is not A's
        share.leave(B);
    }

    @Test
    void besideAnActiveTenantABusyOneIsHeldToItsShareUntilTheOtherHasBeenIdleAWhile() throws Exception {
        FairShare share = share(3, Duration.ofSeconds(5));
        share.enter(A);
        share.enter(A);
        Thread waitingA = enterInBackground(share, A);
        awaitBlocked(waitingA);
        share.enter(B);
        share.leave(B); // B was active just now: A's share is one of the two working slots
        share.leave(A);
        waitingA.join(200);
        assertTrue(waitingA.isAlive(), "A holds one slot, its share beside B, so its next request waits");
        clock.addAndGet(WINDOW.toNanos() + 1); // B idle for longer than the window: A alone again
        share.leave(A);
        waitingA.join(2000);
        assertEquals(false, waitingA.isAlive(), "alone again, A's waiting request runs");
    }

    @Test
    void freedSlotsGoToWaitingTenantsInTurn() throws Exception {
        FairShare share = share(2, Duration.ofSeconds(5));
        share.enter(A);
        share.enter(B);
        List<String> order = new CopyOnWriteArrayList<>();
        for (String who : List.of("A1", "A2", "A3", "B1")) { // A's three requests queue before B's one
            long tenant = who.startsWith("A") ? A : B;
            awaitBlocked(Thread.ofVirtual().start(() -> {
                enterQuietly(share, tenant);
                order.add(who);
            }));
        }
        share.leave(A); // A's slot: A's own next request (A and B hold one each)
        awaitSize(order, 1);
        share.leave(B); // B's slot: B's waiting request, not A's second
        awaitSize(order, 2);
        assertEquals(List.of("A1", "B1"), order);
    }

    @Test
    void aRequestThatWaitsTooLongIsRefusedAndLeavesNoTrace() throws Exception {
        FairShare share = share(2, Duration.ofMillis(200));
        share.enter(A);
        share.enter(B);
        assertThrows(FairShare.Saturated.class, () -> share.enter(A));
        share.leave(A);
        share.enter(A); // the refused waiter did not keep a slot or a turn
    }

    private static Thread enterInBackground(FairShare share, long tenant) {
        return Thread.ofVirtual().start(() -> enterQuietly(share, tenant));
    }

    /** Enters; a request still waiting when its test is over just times out. */
    private static void enterQuietly(FairShare share, long tenant) {
        try {
            share.enter(tenant);
        } catch (FairShare.Saturated | InterruptedException e) {
            // left waiting by a finished test
        }
    }

    /** Waits until the thread waits for its slot (parked), so requests queue in a known order. */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        for (int i = 0; i < 500 && t.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(2);
        }
        assertEquals(Thread.State.TIMED_WAITING, t.getState(), "the request should be waiting for a slot");
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        for (int i = 0; i < 200 && list.size() < size; i++) {
            Thread.sleep(10);
        }
    }
}
