package dev.zhiyu.server.telephony;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;

/**
 * This server node's leases on one tenant's tasks ({@code telephony_task_leases}): of several nodes on one database,
 * only the holder of a task's lease dials it. A lease is taken with one conditional update (free, expired, or already
 * ours) or insert (unique key), expires by the database's clock, and is renewed by its holder. Locally a lease counts
 * as held only until {@code ttl} after the request that took or renewed it was sent, less a margin: the database's
 * expiry is later than that, so this node stops dialling before another node can take the task over.
 */
final class TaskLeases {
    private final Jdbi jdbi;
    private final String holder;
    private final Duration ttl;
    private final Map<String, Long> validUntil = new ConcurrentHashMap<>(); // task → System.nanoTime() deadline

    TaskLeases(Jdbi jdbi, String holder, Duration ttl) {
        this.jdbi = jdbi;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** A holder id unique to this process and call: host name, process id and a random suffix. */
    static String newHolder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return StoreSql.cut(host, 150) + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    String holder() {
        return holder;
    }

    /**
     * Takes or renews the task's lease; false when another node holds it and it has not expired. The insert skips a
     * row that exists (no error logged by the database on every look at another node's task); two nodes inserting at
     * once still meet the primary key, and the loser gets false.
     */
    boolean acquire(String taskId) {
        long sent = System.nanoTime();
        boolean got = extend(taskId) || StoreSql.insertUnique(() -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_task_leases (task_id, holder, expires_at)
                        SELECT :t, :h, CURRENT_TIMESTAMP + CAST(:s AS DOUBLE PRECISION) * INTERVAL '1' SECOND
                        WHERE NOT EXISTS (SELECT 1 FROM telephony_task_leases WHERE task_id = :t)""")
                .bind("t", taskId).bind("h", holder).bind("s", seconds()).execute()) > 0);
        if (got) {
            validUntil.put(taskId, sent + ttl.toNanos() - margin());
        } else {
            validUntil.remove(taskId);
        }
        return got;
    }

    /** Extends a lease this node holds; false when it no longer does (released, or taken over after it expired). */
    boolean renew(String taskId) {
        long sent = System.nanoTime();
        boolean got = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE telephony_task_leases SET expires_at = CURRENT_TIMESTAMP + CAST(:s AS DOUBLE PRECISION) * INTERVAL '1' SECOND
                        WHERE task_id = :t AND holder = :h""")
                .bind("t", taskId).bind("h", holder).bind("s", seconds()).execute()) > 0;
        if (got) {
            validUntil.put(taskId, sent + ttl.toNanos() - margin());
        } else {
            validUntil.remove(taskId);
        }
        return got;
    }

    private boolean extend(String taskId) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE telephony_task_leases SET holder = :h, expires_at = CURRENT_TIMESTAMP + CAST(:s AS DOUBLE PRECISION) * INTERVAL '1' SECOND
                        WHERE task_id = :t AND (holder = :h OR expires_at < CURRENT_TIMESTAMP)""")
                .bind("t", taskId).bind("h", holder).bind("s", seconds()).execute()) > 0;
    }

    /** Whether this node may dial the task now: it took or renewed the lease and that has not run out locally. */
    boolean held(String taskId) {
        Long until = validUntil.get(taskId);
        return until != null && System.nanoTime() - until < 0;
    }

    /** Gives the lease up (the task stopped or completed): another node may take the task at once. */
    void release(String taskId) {
        validUntil.remove(taskId);
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM telephony_task_leases WHERE task_id = :t AND holder = :h")
                .bind("t", taskId).bind("h", holder).execute());
    }

    /** How often a holder renews: three times per lease, so one slow or failed renewal does not lose it. */
    Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    private double seconds() {
        return ttl.toMillis() / 1000.0;
    }

    /** Slack for the two clocks running at slightly different rates, and for the tick already under way. */
    private long margin() {
        return ttl.toNanos() / 10;
    }
}
