package dev.zhiyu.server.telephony;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.SlowTenantDatabases;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.DialerStore.Progress;
import dev.zhiyu.telephony.Lead;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two tenants on the demo simulator: alpha runs a large task throughout; beta's leads fall due one by one (their
 * next-attempt times set in the database before its task starts). Prints beta's originate latency — from a lead's due
 * time to its {@code dialling} (published just before the originate is sent) — first with alpha's database at full
 * speed, then with every statement of alpha's database delayed by {@code zhiyu.bench.slow.ms} (default 100 ms; a real
 * JDBC-level delay from {@link SlowTenantDatabases}). Goal: beta's p99 with alpha slowed at most twice its p99 without.
 * Not part of the normal test run:
 * {@code mvn -B -q -pl server -am install -P '!fuzz' -DskipITs -Dtest=TenantIsolationBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dzhiyu.bench.store=postgres} for PostgreSQL); figures in
 * {@code server/target/surefire-reports/dev.zhiyu.server.telephony.TenantIsolationBench-output.txt}.
 */
class TenantIsolationBench {
    private static final int LEADS = Integer.getInteger("zhiyu.bench.leads", 200);
    private static final Duration SLOW = Duration.ofMillis(Long.getLong("zhiyu.bench.slow.ms", 100));
    private static final Duration SPACING = Duration.ofMillis(150);

    @Test
    void betasOriginateLatencyWithAndWithoutAlphasDatabaseSlowed() throws Exception {
        SlowTenantDatabases dbs = new SlowTenantDatabases();
        boolean pg = "postgres".equals(System.getProperty("zhiyu.bench.store"));
        try (TestStores stores = pg ? TestStores.postgres() : TestStores.h2(); Platform platform = dbs.open(stores.config())) {
            platform.startUp();
            Tenant a = platform.tenants().create("alpha", "甲证券", "test");
            Tenant b = platform.tenants().create("beta", "乙证券", "test");
            try (DialerRig rig = new DialerRig(platform, Map.of("zhiyu.telephony.demo.time.scale", "0.05"))) {
                String bulk = rig.task(a, "甲大任务", DialerRig.busyNumbers(0, 5000), 10);
                try (AutoCloseable feed = rig.start(a, bulk)) {
                    DialerRig.await(Duration.ofSeconds(30), () -> rig.dialled(bulk) > 0, "alpha dials");
                    Phase fast = phase(rig, b, "乙基线", 10_000);
                    dbs.latency("alpha", SLOW);
                    Phase slow = phase(rig, b, "乙对照", 20_000);
                    dbs.latency("alpha", Duration.ZERO);
                    System.out.printf(Locale.ROOT, "store=%s leads/phase=%d alpha statement delay=%d ms%n",
                            pg ? "postgres" : "h2", LEADS, SLOW.toMillis());
                    fast.print("alpha at full speed");
                    slow.print("alpha slowed      ");
                    double ratio = (double) slow.p99() / Math.max(1, fast.p99());
                    System.out.printf(Locale.ROOT, "beta p99 ratio slowed/full = %.2f (goal <= 2: %s)%n", ratio,
                            ratio <= 2 ? "met" : "NOT met");
                }
            }
        }
    }

    /** Beta's latencies (ms) for one task whose leads fall due every {@link #SPACING} (± jitter); alpha's dial rate. */
    private record Phase(List<Long> millis, double alphaPerSecond) {
        long p(double q) {
            List<Long> s = millis.stream().sorted().toList();
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1));
        }

        long p99() {
            return p(0.99);
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "%s: beta due→originate p50=%d ms p99=%d ms max=%d ms (n=%d); alpha dialled %.1f calls/s%n",
                    label, p(0.5), p99(), p(1.0), millis.size(), alphaPerSecond);
        }
    }

    private static Phase phase(DialerRig rig, Tenant b, String name, int firstNumber) throws Exception {
        String task = rig.task(b, name, DialerRig.busyNumbers(firstNumber, LEADS), LEADS);
        JdbcDialerStore store = new JdbcDialerStore(rig.platform.stores().jdbi(b), b.slug(), ZoneId.of("Asia/Shanghai"));
        String listId = store.task(task).listId();
        Random random = new Random(7);
        Instant first = Instant.now().plusSeconds(2);
        Map<String, Instant> due = new HashMap<>();
        List<Lead> leads = store.due(task, listId, first.plusSeconds(3600), LEADS);
        for (int i = 0; i < leads.size(); i++) {
            Instant at = first.plus(SPACING.multipliedBy(i)).plusMillis(random.nextInt(100));
            due.put(leads.get(i).id(), at);
            store.saveProgress(task, new Progress(leads.get(i).id(), 0, at, false, null, 0));
        }
        long alphaBefore = rig.taskOf.size() - rig.dialled(task);
        long started = System.nanoTime();
        try (AutoCloseable feed = rig.start(b, task)) {
            DialerRig.await(SPACING.multipliedBy(LEADS).plusSeconds(60), () -> rig.dialled(task) >= LEADS,
                    "beta dials all its leads");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long alphaCalls = rig.taskOf.size() - rig.dialled(task) - alphaBefore;
        Map<String, String> leadOf = store.jdbi().withHandle(h -> h.createQuery(
                        "SELECT call_id, lead_id FROM telephony_attempts WHERE task_id = :t").bind("t", task)
                .setMapKeyColumn("call_id").setMapValueColumn("lead_id").collectInto(
                        new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() { }));
        List<Long> millis = new ArrayList<>();
        rig.taskOf.forEach((call, t) -> {
            if (t.equals(task)) {
                millis.add(Duration.between(due.get(leadOf.get(call)), rig.dialled.get(call)).toMillis());
            }
        });
        return new Phase(millis, alphaCalls / seconds);
    }
}
