package dev.zhiyu.server.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the embedded default while the demo's simulated calls are up and API calls are still uncounted: the
 * server writes the meter's last counts and every live call's stop note before the H2 databases close, and exits 0.
 */
class GracefulStopIT {
    private static final int REQUESTS = 25;

    @Test
    void sigtermWritesTheLastCountsAndCallNotesBeforeTheDatabasesClose() throws Exception {
        Path dir = Files.createTempDirectory("zhiyu-stop-");
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ServerProcess server = ServerProcess.configure(dir, Map.of("zhiyu.data.dir", data.toString()))) {
            server.cli("tenant", "create", "alpha", "--name", "甲证券");
            String key = CrashHarness.adminKey(server, "alpha", "停机");
            server.start(Duration.ofMinutes(2));
            Api api = Api.withKey(server.port(), key);
            Thread.sleep(3_000); // the demo task's calls are up by now
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(200, api.get("/api/tenant").status());
            }
            // the meter flushes every 5 s: stop before it can, so only the stop itself can write these counts
            assertEquals(0, server.stop(Duration.ofSeconds(60)), server.tail());
            String log = server.tail();
            assertFalse(log.contains("already closed"), log);
            assertFalse(log.contains("写入失败"), log);

            server.start(Duration.ofMinutes(2));
            JsonNode consumers = Api.withKey(server.port(), key).get("/api/usage").json().get("consumers");
            long counted = 0;
            for (JsonNode c : consumers) {
                counted += c.get("requests").asLong();
            }
            assertTrue(counted >= REQUESTS, "counted " + counted + " of " + REQUESTS + " requests: " + consumers);
        }
    }
}
