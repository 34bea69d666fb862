package dev.zhiyu.telephony.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FreeSWITCH's core scheduler as mod_commands drives it: {@code sched_api +<s> <group> <command>} adds a task
 * (reply {@code +OK Added: <id>}), {@code sched_del <group>} removes every task of a group
 * ({@code +OK Deleted: <n>}). Times are wall-clock seconds and never scaled: the switch's scheduler runs on real
 * time whatever the simulated call lengths.
 */
final class SimScheduler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<Integer, ScheduledFuture<?>>> groups = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    int add(long seconds, String group, Runnable task) {
        int id = ids.incrementAndGet();
        Map<Integer, ScheduledFuture<?>> tasks = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        tasks.put(id, timer.schedule(() -> {
            tasks.remove(id);
            Thread.ofVirtual().name("sim-sched-" + id).start(task);
        }, Math.max(0, seconds) * 1000, TimeUnit.MILLISECONDS));
        return id;
    }

    int delete(String group) {
        Map<Integer, ScheduledFuture<?>> tasks = groups.remove(group);
        if (tasks == null) {
            return 0;
        }
        int n = 0;
        for (ScheduledFuture<?> f : tasks.values()) {
            n += f.cancel(false) ? 1 : 0;
        }
        return n;
    }

    /** Tasks of {@code group} still waiting to fire. */
    int pending(String group) {
        Map<Integer, ScheduledFuture<?>> tasks = groups.get(group);
        return tasks == null ? 0 : tasks.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
