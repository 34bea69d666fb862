package dev.zhiyu.server.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Two real server processes (demo simulator each) on one PostgreSQL share a tenant's running task through its lease:
 * only the holder dials; after {@code kill -9} of the holder the other process takes the task over within the lease
 * plus its 2 s look for running tasks, and no lead whose call had ended is dialled again.
 */
class TwoServerProcessesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(6);

    @Test
    void theSurvivorTakesTheTaskOverAfterKillNineWithoutADoubleDial() throws Exception {
        try (TestStores store = TestStores.postgres()) {
            ServerProcess n1 = node(store, "1");
            ServerProcess n2 = node(store, "2");
            try (n1; n2) {
                n1.cli("tenant", "create", "alpha", "--name", "甲证券");
                String key = CrashHarness.adminKey(n1, "alpha", "双节点");
                n1.start(Duration.ofMinutes(2));
                n2.start(Duration.ofMinutes(2));
                Api api = Api.withKey(n1.port(), key);
                String task = createTask(api, 300);
                Map<String, Instant> dialled1 = feed(n1.port(), key, task);
                Map<String, Instant> dialled2 = feed(n2.port(), key, task);
                assertEquals(200, api.post("/api/tasks/" + task + "/start", Map.of()).status());

                // the other process looks for running tasks every 2 s: give it several looks while the holder runs
                long started = System.nanoTime();
                await(Duration.ofSeconds(60), () -> dialled1.size() + dialled2.size() >= 10
                        && System.nanoTime() - started > Duration.ofSeconds(8).toNanos(), "the task is dialled");
                ServerProcess holder = dialled1.isEmpty() ? n2 : n1;
                Map<String, Instant> survivorDials = holder == n1 ? dialled2 : dialled1;
                assertTrue(dialled1.isEmpty() || dialled2.isEmpty(), "both processes dialled: " + dialled1.size()
                        + " and " + dialled2.size());

                holder.kill();
                Instant killed = Instant.now();
                await(Duration.ofSeconds(30), () -> survivorDials.size() >= 10, "the survivor takes the task over");
                Duration takeover = Duration.between(killed, survivorDials.values().stream().min(Instant::compareTo)
                        .orElseThrow());
                assertTrue(takeover.compareTo(LEASE.plusSeconds(2).plusSeconds(4)) <= 0, "taken over after " + takeover);

                Api survivor = Api.withKey((holder == n1 ? n2 : n1).port(), key);
                JsonNode calls = survivor.get("/api/tasks/" + task + "/calls?limit=1000").json();
                Map<String, List<JsonNode>> byLead = StreamSupport.stream(calls.spliterator(), false)
                        .collect(Collectors.groupingBy(c -> c.get("leadId").asText()));
                Map<String, Integer> redialled = new HashMap<>();
                byLead.forEach((lead, list) -> {
                    if (list.size() > 1) {
                        redialled.put(lead, list.size());
                        long interrupted = list.stream().filter(c -> c.get("disposition").asText().equals("INTERRUPTED")).count();
                        assertEquals(list.size() - 1, interrupted, "lead " + lead + " dialled twice: " + list);
                    }
                });
                System.out.printf("kill -9 of the holder: taken over after %d ms; %d calls over %d leads; re-dialled %s%n",
                        takeover.toMillis(), calls.size(), byLead.size(), redialled);
                assertTrue(redialled.size() <= 2, "more re-dials than calls the killed process had up (2): " + redialled);
            }
        }
    }

    private static ServerProcess node(TestStores store, String n) throws Exception {
        Path dir = Files.createTempDirectory("zhiyu-node" + n + "-");
        Path data = Files.createDirectories(dir.resolve("data"));
        return ServerProcess.configure(dir, store.properties(Map.of("zhiyu.data.dir", data.toString(),
                "zhiyu.telephony.demo.time.scale", "0.05", "zhiyu.telephony.task.lease", LEASE.toSeconds() + "s")));
    }

    /** A task over numbers the demo simulator answers busy after a short ring; one attempt each, two at a time. */
    private static String createTask(Api api, int leads) {
        String csv = "手机号,customer_name,stop_step\n" + IntStream.range(0, leads)
                .mapToObj(i -> (13_800_000_008L + 12L * i) + ",客户,2").collect(Collectors.joining("\n")) + "\n";
        Api.Response list = api.postRaw("/api/calls/lists?name=shared", csv, "text/csv");
        assertEquals(201, list.status(), list.toString());
        Api.Response created = api.post("/api/tasks", Map.of("name", "双节点", "listId", list.json().get("listId").asText(),
                "windowStart", "00:00", "windowEnd", "24:00", "maxAttempts", 1, "maxConcurrent", 2));
        assertEquals(201, created.status(), created.toString());
        return created.json().get("id").asText();
    }

    /** The process's live feed of the task: call id → when it was dialled. */
    private static Map<String, Instant> feed(int port, String key, String task) throws Exception {
        Map<String, Instant> dialled = new ConcurrentHashMap<>();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/tasks/" + task + "/events"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        JsonNode e = JSON.readTree(line.substring(5));
                        if (e.get("state").asText().equals("dialling")) {
                            dialled.put(e.get("callId").asText(), Instant.parse(e.get("at").asText()));
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed: its feed ends
            }
        });
        return dialled;
    }

    private static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + limit + ": " + what);
            Thread.sleep(20);
        }
    }
}
