package dev.zhiyu.server.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The crash harness in the test suite (failsafe, after the jar is packaged), with a few kills per store. The full run (≥ 200 kills, a large tenant
 * database) is {@code bin/crash-harness}; both read {@code -Dzhiyu.crash.kills}, {@code .preload}, {@code .writers}.
 */
class CrashHarnessIT {
    private static final CrashHarness.Options OPTIONS = new CrashHarness.Options(
            Integer.getInteger("zhiyu.crash.kills", 3), Duration.ofMillis(1000),
            Duration.ofMillis(Integer.getInteger("zhiyu.crash.max.up.ms", 6000)),
            Integer.getInteger("zhiyu.crash.writers", 4), Integer.getInteger("zhiyu.crash.preload", 2000),
            Long.getLong("zhiyu.crash.seed", System.nanoTime()));

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOnTheEmbeddedDefault() throws Exception {
        try (TestStores.H2 store = (TestStores.H2) TestStores.h2()) {
            assertNothingLost(run("H2（嵌入式默认）", store, store.dir()));
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOnPostgres() throws Exception {
        try (TestStores store = TestStores.postgres()) {
            assertNothingLost(run("PostgreSQL", store, Files.createTempDirectory("zhiyu-crash-pg-")));
        }
    }

    /** Progress goes to {@code target/crash-harness-<store>.log} as it happens (the test's own output comes at the end). */
    private static CrashHarness.Report run(String name, TestStores store, Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = Path.of("target", "crash-harness-" + (store instanceof TestStores.H2 ? "h2" : "postgres") + ".log");
        try (PrintStream progress = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            CrashHarness.Report report = CrashHarness.run(name,
                    store.properties(Map.of("zhiyu.data.dir", data.toString())), dir, OPTIONS, progress);
            report.print(progress);
            report.print(System.out);
            return report;
        }
    }

    private static void assertNothingLost(CrashHarness.Report r) {
        int acknowledged = r.counts().values().stream().mapToInt(c -> c[1]).sum();
        assertTrue(acknowledged > 0, "the harness acknowledged no write at all: " + r.counts());
        assertEquals(java.util.List.of(), r.lost(), "acknowledged writes lost after kill -9");
        assertEquals(java.util.List.of(), r.halfPresent(), "unacknowledged writes half stored");
    }
}
