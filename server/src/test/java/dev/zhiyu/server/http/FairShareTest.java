package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FairShareTest {
    private static final long A = 1;
    private static final long B = 2;

    @Test
    void aBusyTenantCannotTakeTheLastSlotFromAnother() throws Exception {
        FairShare share = new FairShare(3, Duration.ofSeconds(5));
        share.enter(A);
        share.enter(A);
        Thread waitingA = Thread.ofVirtual().start(() -> enterQuietly(share, A));
        Thread.sleep(100);
        assertTrue(waitingA.isAlive(), "a tenant holds at most slots - 1");
        share.enter(B); // immediately: the third slot was kept from A
        share.leave(B);
        waitingA.join(300);
        assertTrue(waitingA.isAlive(), "even a free slot is not A's third");
        share.leave(A);
        waitingA.join(2000);
        assertEquals(false, waitingA.isAlive(), "the slot A left goes to A's waiting request");
    }

    @Test
    void freedSlotsGoToWaitingTenantsInTurn() throws Exception {
        FairShare share = new FairShare(2, Duration.ofSeconds(5));
        share.enter(A);
        share.enter(B);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch queued = new CountDownLatch(4);
        for (String who : List.of("A1", "A2", "A3", "B1")) {
            long tenant = who.startsWith("A") ? A : B;
            Thread.ofVirtual().start(() -> {
                queued.countDown();
                enterQuietly(share, tenant);
                order.add(who);
            });
            Thread.sleep(30); // A's three requests queue before B's one
        }
        assertTrue(queued.await(1, TimeUnit.SECONDS));
        share.leave(A); // A's slot: A's own next request (A and B hold one each)
        awaitSize(order, 1);
        share.leave(B); // B's slot: B's waiting request, not A's second
        awaitSize(order, 2);
        assertEquals(List.of("A1", "B1"), order);
    }

    @Test
    void aRequestThatWaitsTooLongIsRefusedAndLeavesNoTrace() throws Exception {
        FairShare share = new FairShare(2, Duration.ofMillis(200));
        share.enter(A);
        share.enter(B);
        assertThrows(FairShare.Saturated.class, () -> share.enter(A));
        share.leave(A);
        share.enter(A); // the refused waiter did not keep a slot or a turn
    }

    /** Enters; a request still waiting when its test is over just times out. */
    private static void enterQuietly(FairShare share, long tenant) {
        try {
            share.enter(tenant);
        } catch (FairShare.Saturated | InterruptedException e) {
            // left waiting by a finished test
        }
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        for (int i = 0; i < 200 && list.size() < size; i++) {
            Thread.sleep(10);
        }
    }
}
