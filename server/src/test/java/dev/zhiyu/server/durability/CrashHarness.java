package dev.zhiyu.server.durability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.durability.Ledger.Ack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills the real server with SIGKILL at random moments while writers make every kind of write through the HTTP API,
 * restarts it and checks that every write it acknowledged (2xx) is there, whole, and that nothing unacknowledged is
 * half there (a call list with part of its rows). Acknowledged writes are checked again after every later restart.
 */
final class CrashHarness {
    /** How hard to push: kills, how long the server runs between kills, writer threads, rows preloaded. */
    record Options(int kills, Duration minUp, Duration maxUp, int writers, int preloadRows, long seed) {
    }

    /** Per kind: attempted, acknowledged, survived (every acknowledged write is checked); lost and half-present, named. */
    record Report(String store, int kills, Map<Write, int[]> counts, List<String> lost, List<String> halfPresent) {
        void print(PrintStream out) {
            out.printf("崩溃测试（%s）：%d 次 kill -9%n", store, kills);
            out.printf("  %-12s %8s %8s %8s%n", "写入类型", "尝试", "已确认", "重启后仍在");
            counts.forEach((w, c) -> out.printf("  %-12s %8d %8d %8d%n", w, c[0], c[1], c[2]));
            out.printf("  丢失的已确认写入：%d；残缺的未确认写入：%d%n", lost.size(), halfPresent.size());
            lost.stream().limit(20).forEach(l -> out.println("  丢失：" + l));
            halfPresent.stream().limit(20).forEach(h -> out.println("  残缺：" + h));
        }
    }

    private static final String SLUG = "crash";

    private final ServerProcess server;
    private final Options options;
    private final PrintStream out;
    private final Random random;
    private final Ledger ledger = new Ledger();

    private CrashHarness(ServerProcess server, Options options, PrintStream out) {
        this.server = server;
        this.options = options;
        this.out = out;
        this.random = new Random(options.seed());
    }

    /** Runs the harness on a server configured by {@code properties} (its database) in {@code dir}. */
    static Report run(String store, Map<String, String> properties, Path dir, Options options, PrintStream out)
            throws IOException, InterruptedException {
        try (ServerProcess server = ServerProcess.configure(dir, properties)) {
            return new CrashHarness(server, options, out).run(store);
        }
    }

    private Report run(String store) throws IOException, InterruptedException {
        server.cli("tenant", "create", SLUG, "--name", "崩溃测试");
        Api admin = Api.withKey(server.port(), adminKey(server, SLUG, "崩溃测试"));
        server.start(Duration.ofMinutes(2));
        preload(admin);
        List<String> lost = List.of();
        List<String> half = List.of();
        for (int kill = 1; kill <= options.kills(); kill++) {
            writeUntilKilled(admin);
            server.start(Duration.ofMinutes(2));
            lost = lostWrites(new Reads(admin));
            half = halfPresent(new Reads(admin));
            out.printf("kill %d/%d：已确认 %d，丢失 %d，残缺 %d%s%n", kill, options.kills(), ledger.acks().size(),
                    lost.size(), half.size(), lost.isEmpty() && half.isEmpty() ? ""
                            : " " + Ledger.join(lost, half).stream().limit(5).toList());
            if (kill % 10 == 0) {
                new Report(store, kill, counts(new Reads(admin)), lost, half).print(out);
            }
            out.flush();
        }
        Map<Write, int[]> counts = counts(new Reads(admin));
        server.kill();
        return new Report(store, options.kills(), counts, lost, half);
    }

    /** A new admin key of tenant {@code slug}, from the CLI's output. */
    static String adminKey(ServerProcess server, String slug, String name) throws IOException, InterruptedException {
        String text = server.cli("apikey", "create", "--tenant", slug, "--name", name, "--role", "admin");
        List<String> lines = text.lines().map(String::strip).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("密钥（只显示这一次")) {
                return lines.get(i + 1);
            }
        }
        throw new IllegalStateException("apikey create 的输出里没有密钥：" + text);
    }

    /** A large tenant database: one list of the given rows, before the first kill. */
    private void preload(Api admin) {
        if (options.preloadRows() <= 0) {
            return;
        }
        StringBuilder csv = new StringBuilder("phone,customer_name,stop_step\n");
        for (int i = 0; i < options.preloadRows(); i++) {
            csv.append("136").append(String.format("%08d", i)).append(",预置客户").append(i).append(",4\n"); // 4: 视频见证, a step the scenario knows
        }
        long t0 = System.nanoTime();
        Api.Response r = admin.postRaw("/api/calls/lists?name=预置名单", csv.toString(), "text/csv");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (r.status() == 202 && System.nanoTime() < deadline && !preloaded(admin)) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.printf("预置名单 %d 行：HTTP %d，%.1f 秒%n", options.preloadRows(), r.status(), (System.nanoTime() - t0) / 1e9);
    }

    private boolean preloaded(Api admin) {
        for (JsonNode l : admin.get("/api/calls/lists").json()) {
            if (l.path("name").asText().equals("预置名单") && l.path("leads").asLong() == options.preloadRows()) {
                return true;
            }
        }
        return false;
    }

    /** Writers run until the server is killed at a random moment within the options' window. */
    private void writeUntilKilled(Api admin) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < options.writers(); i++) {
            Random own = new Random(random.nextLong());
            writers.add(Thread.ofPlatform().name("crash-writer-" + i).start(() -> write(admin, own, stop)));
        }
        long span = options.maxUp().toMillis() - options.minUp().toMillis();
        Thread.sleep(options.minUp().toMillis() + (span <= 0 ? 0 : (long) (random.nextDouble() * span)));
        server.kill();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
    }

    private void write(Api admin, Random random, AtomicBoolean stop) {
        Write[] kinds = Write.values();
        while (!stop.get()) {
            Write kind = kinds[random.nextInt(kinds.length)];
            try {
                ledger.attempted(kind);
                kind.perform(admin, ledger, random).ifPresent(ledger::acknowledged);
            } catch (RuntimeException e) {
                // the server is gone (connection refused or reset): the write was not acknowledged
            }
        }
    }

    private List<String> lostWrites(Reads reads) {
        List<String> lost = new ArrayList<>();
        for (Ack a : ledger.acks()) {
            if (!survived(reads, a)) {
                lost.add(a.kind() + " " + a.key());
            }
        }
        return lost;
    }

    /** The write is there; an API key no one tried to revoke must also still open the API. */
    private boolean survived(Reads reads, Ack a) {
        return a.kind().survived(reads, a) && (a.kind() != Write.API_KEY || ledger.revocationTried(a.key())
                || reads.statusWithKey(a.secret()) == 200);
    }

    /**
     * Lists of the harness that are visible but not whole (a list upload is all or nothing), and reports left
     * RECEIVED or PROCESSING by the killed server (a restarted server fails them visibly before it serves).
     */
    private List<String> halfPresent(Reads reads) {
        List<String> half = new ArrayList<>();
        for (JsonNode r : reads.get("/api/reports?limit=500").json()) {
            String status = r.path("status").asText();
            if (status.equals("RECEIVED") || status.equals("PROCESSING")) {
                half.add("报告 " + r.path("id").asText() + " 重启后仍为 " + status);
            }
        }
        for (JsonNode l : reads.get("/api/calls/lists").json()) {
            if (l.path("name").asText().startsWith(Write.LIST_PREFIX) && l.path("leads").asLong() != Write.LIST_ROWS) {
                half.add("名单 " + l.path("name").asText() + " 有 " + l.path("leads").asLong() + " 行，应为 "
                        + Write.LIST_ROWS);
            }
        }
        return half;
    }

    private Map<Write, int[]> counts(Reads reads) {
        Map<Write, int[]> out = new EnumMap<>(Write.class);
        ledger.counts().forEach((w, c) -> out.put(w, new int[] {c[0], c[1], 0}));
        for (Ack a : ledger.acks()) {
            if (survived(reads, a)) {
                out.get(a.kind())[2]++;
            }
        }
        return out;
    }
}
