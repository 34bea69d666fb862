package dev.zhiyu.server.telephony;

import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.TaskDialer;
import dev.zhiyu.telephony.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's dialing loop on its own virtual thread, so that a slow or failing tenant database delays only that
 * tenant's calls: every 250 ms it ticks the tasks this node has taken on; every 2 s it looks in the tenant's database
 * for RUNNING tasks (started from the CLI, or left by a node that died) and takes on those whose lease it gets. A task
 * is taken on by getting its lease, then recovering what a previous holder left open ({@link TaskDialer#start});
 * it is dialled only while the lease is held (renewed by a second virtual thread three times per lease) and the
 * lease is released when the task ends.
 */
final class TenantLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TenantLoop.class);
    static final Duration TICK = Duration.ofMillis(250);
    private static final int DISCOVER_EVERY = 8;
    private static final int SWEEP_EVERY = 4 * 60 * 10; // ticks: every ten minutes

    private final Tenant tenant;
    private final JdbcDialerStore store;
    private final TaskLeases leases;
    private final Supplier<TaskDialer> dialer;
    private final Consumer<JdbcDialerStore> sweep;
    private final Consumer<String> alerts;
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> requested = new LinkedBlockingQueue<>();
    private volatile boolean discovering = true;
    private volatile boolean running;
    private Thread thread;
    private Thread heartbeat;

    /**
     * @param dialer the tenant's dialer, built on first use (a tenant with no running task never gets one)
     * @param sweep  deletes the tenant's recordings past retention
     */
    TenantLoop(Tenant tenant, JdbcDialerStore store, TaskLeases leases, Supplier<TaskDialer> dialer,
               Consumer<JdbcDialerStore> sweep, Consumer<String> alerts) {
        this.tenant = tenant;
        this.store = store;
        this.leases = leases;
        this.dialer = dialer;
        this.sweep = sweep;
        this.alerts = alerts;
    }

    synchronized TenantLoop start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofVirtual().name("zhiyu-dialer-" + tenant.slug()).start(this::run);
            heartbeat = Thread.ofVirtual().name("zhiyu-leases-" + tenant.slug()).start(this::renew);
        }
        return this;
    }

    /** Whether to look for new RUNNING tasks (an inactive tenant's loop still ticks the tasks it has). */
    void discovering(boolean on) {
        discovering = on;
    }

    /** An operator moved the task to RUNNING: the loop takes it on at once (if it gets the lease). */
    void request(String taskId) {
        requested.add(taskId);
    }

    /** Asks the loop to stop; {@link #join} waits for it. */
    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            heartbeat.interrupt();
        }
    }

    /** Waits until the loop has stopped or {@code deadline} (System.nanoTime) has passed; false if it has not stopped. */
    boolean join(long deadline) throws InterruptedException {
        Thread t;
        Thread h;
        synchronized (this) {
            t = thread;
            h = heartbeat;
        }
        return t == null || t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                && h.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    private void run() {
        long n = 0;
        while (running) {
            try {
                if (n % SWEEP_EVERY == SWEEP_EVERY - 1) {
                    sweep.accept(store);
                }
                if (n++ % DISCOVER_EVERY == 0 && discovering) {
                    store.taskIdsWithStatus(TaskStatus.RUNNING).forEach(this::take);
                }
                for (String taskId : List.copyOf(taken)) {
                    tick(taskId);
                }
                String asked = requested.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                for (; asked != null; asked = requested.poll()) {
                    take(asked);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("租户 {} 拨号循环出错：{}", tenant.slug(), e.toString());
            }
        }
    }

    /** Gets the task's lease and, the first time, recovers it; a task another node holds is left to that node. */
    private void take(String taskId) {
        if (taken.contains(taskId) && leases.held(taskId)) {
            return;
        }
        if (!leases.acquire(taskId)) {
            LOG.debug("租户 {} 任务 {} 由其他节点拨打", tenant.slug(), taskId);
            return;
        }
        if (taken.add(taskId)) {
            try {
                dialer.get().start(taskId); // recovery: what a previous holder left open is settled first
            } catch (RuntimeException e) {
                taken.remove(taskId); // not ticked unrecovered: the next look (2 s) tries again
                throw e;
            }
        }
    }

    /**
     * Renews the leases of the tasks taken on, three times per lease, on its own thread: however long a tick takes,
     * a live node with a working database keeps its tasks; only a dead or stalled node, or a failing database, loses
     * them.
     */
    private void renew() {
        while (running) {
            try {
                Thread.sleep(leases.renewEvery());
                for (String taskId : List.copyOf(taken)) {
                    if (!leases.held(taskId) || !leases.renew(taskId)) {
                        lost(taskId);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("租户 {} 任务租约续期失败：{}", tenant.slug(), e.toString());
            }
        }
    }

    private void tick(String taskId) {
        if (!leases.held(taskId)) {
            lost(taskId);
            return;
        }
        TaskDialer d = dialer.get();
        try {
            TaskStatus s = store.status(taskId);
            if (s == TaskStatus.RUNNING || d.unconfirmed(taskId) > 0 || d.pendingKills(taskId) > 0) {
                // a paused or stopped task still settles calls whose node was down at start-up, and hangs up the
                // ones it gave up on once their node is back
                d.tick(taskId);
            } else if ((s == TaskStatus.STOPPED || s == TaskStatus.COMPLETED) && d.active() == 0) {
                taken.remove(taskId);
                leases.release(taskId);
            }
        } catch (RuntimeException e) {
            LOG.error("租户 {} 任务 {} 拨号出错：{}", tenant.slug(), taskId, e.toString());
        }
    }

    /** The lease ran out before it could be renewed: another node may take the task, so this one stops dialling it. */
    private void lost(String taskId) {
        if (taken.remove(taskId)) {
            alerts.accept("租户 " + tenant.slug() + " 任务 " + taskId + " 的租约未能按时续期（数据库慢或不可用），本节点停止为其拨号；"
                    + "其他节点或本节点恢复后会接手。请检查该租户数据库");
        }
    }
}
