package dev.zhiyu.server.models;

import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.models.JobStatus;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.TrainingJob;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Promotion under load, over HTTP on the production server (H2): clients hold text calls back to back (start, three
 * caller turns, hang up) for a steady phase, then for a phase in which the scenario's intent model is promoted
 * back and forth every {@code swapMs}; the two alternate for some rounds. Prints turns/s, p50/p99 per phase, the p99
 * of turns that overlapped a swap against those of the same phase that did not, and the failed turns.
 * <pre>mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
 *   -Dexec.mainClass=dev.zhiyu.server.models.PromotionLoadHarness -Dexec.args="8 10 500 3"</pre>
 * Arguments: clients (8), seconds per phase (10), milliseconds between swaps (500), rounds (3).
 */
public final class PromotionLoadHarness {
    record Turn(long start, long end, boolean ok) {
        long micros() {
            return (end - start) / 1000;
        }
    }

    record Swap(long start, long end, int status) {
    }

    record Phase(List<Turn> turns, List<Swap> swaps) {
    }

    private PromotionLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int swapMs = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (TestStores stores = TestStores.h2();
             ZhiyuServer server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Platform p = server.platform();
            Tenant t = p.tenants().create("alpha", "甲证券", "harness");
            Api operator = Api.withKey(server.port(), p.keys().create(t.id(), "bot", "operator", "harness").secret());
            Api supervisor = Api.withKey(server.port(), p.keys().create(t.id(), "li", "supervisor", "harness").secret());
            String[] versions = trainTwo(server, t);
            supervisor.post("/api/models/" + versions[0] + "/promote", Map.of());
            run(operator, clients, 3, null, 0, versions);
            List<Turn> steady = new ArrayList<>();
            Phase swapping = new Phase(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                steady.addAll(run(operator, clients, seconds, null, 0, versions).turns());
                Phase s = run(operator, clients, seconds, supervisor, swapMs, versions);
                swapping.turns().addAll(s.turns());
                swapping.swaps().addAll(s.swaps());
            }
            int total = seconds * rounds;
            List<Turn> overlapping = swapping.turns().stream().filter(x -> overlaps(x, swapping.swaps())).toList();
            List<Turn> apart = swapping.turns().stream().filter(x -> !overlaps(x, swapping.swaps())).toList();
            System.out.printf("%d 个客户端，%d 轮 × 每阶段 %d 秒（稳态与切换交替，抵消机器上其他负载的起伏）%n",
                    clients, rounds, seconds);
            report("稳态（无切换）", steady, total);
            report("切换阶段（每 " + swapMs + " ms 上线另一版本）", swapping.turns(), total);
            report("  其中与切换重叠的轮次", overlapping, 0);
            report("  其中未与切换重叠的轮次", apart, 0);
            long[] promote = swapping.swaps().stream().mapToLong(x -> (x.end() - x.start()) / 1000).sorted().toArray();
            System.out.printf(Locale.ROOT, "切换 %d 次，失败 %d 次；上线请求 p50 %.1f ms，最大 %.1f ms%n", promote.length,
                    swapping.swaps().stream().filter(x -> x.status() != 200).count(),
                    promote.length == 0 ? 0 : promote[promote.length / 2] / 1e3,
                    promote.length == 0 ? 0 : promote[promote.length - 1] / 1e3);
            System.out.printf(Locale.ROOT, "切换带来的 p99 增加：%+.2f ms（重叠 − 同阶段未重叠），%+.2f ms（切换阶段 − 稳态）%n",
                    p(overlapping, 0.99) - p(apart, 0.99), p(swapping.turns(), 0.99) - p(steady, 0.99));
        }
    }

    private static boolean overlaps(Turn t, List<Swap> swaps) {
        return swaps.stream().anyMatch(s -> t.start() <= s.end() && t.end() >= s.start());
    }

    /** Two intent model versions trained on corrected dialect turns of calls held in-process. */
    private static String[] trainTwo(ZhiyuServer server, Tenant t) throws InterruptedException {
        DialogService dialogs = server.services().dialogs();
        ModelService models = server.services().models();
        Calls.DIALECT.forEach((text, intent) -> {
            String s = dialogs.start(t, Calls.SCENARIO, "text", Map.of("customer_name", "王先生", "stop_step", "4")).sessionId();
            dialogs.hear(t, s, UserInput.text(text));
            models.annotate(t, s, 1, intent, Map.of(), "harness", false);
        });
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
            ModelLifecycle l = models.of(t);
            TrainingJob j = l.train(new ModelLifecycle.TrainRequest(Calls.PURPOSE, null,
                    Map.of("folds", "3", "iterations", "100", "seed", Integer.toString(42 + i)), false, null), "harness");
            while (!l.job(j.id()).status().done()) {
                Thread.sleep(100);
            }
            TrainingJob done = l.job(j.id());
            if (done.status() != JobStatus.SUCCEEDED) {
                throw new IllegalStateException("训练失败：" + done.error());
            }
            out[i] = done.modelId();
        }
        return out;
    }

    /** Calls back to back for {@code seconds}; with a {@code swapper}, the two versions take turns going live. */
    private static Phase run(Api api, int clients, int seconds, Api swapper, int swapMs, String[] versions)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<Turn> turns = new ConcurrentLinkedQueue<>();
        List<Swap> swaps = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        call(api, turns);
                    }
                    return null;
                }));
            }
            if (swapper != null) {
                AtomicInteger next = new AtomicInteger(1);
                while (System.nanoTime() < end) {
                    Thread.sleep(swapMs);
                    String v = versions[next.getAndIncrement() % 2];
                    long a = System.nanoTime();
                    int status = swapper.post("/api/models/" + v + "/promote", Map.of()).status();
                    swaps.add(new Swap(a, System.nanoTime(), status));
                }
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return new Phase(new ArrayList<>(turns), swaps);
    }

    private static final String[] LINES = {"要得", "身份证照片老是审核不通过", "那你发个短信给我吧"};

    private static void call(Api api, ConcurrentLinkedQueue<Turn> turns) {
        Api.Response r = api.post("/api/dialog/sessions", Map.of("scenario", Calls.SCENARIO,
                "variables", Map.of("customer_name", "王先生", "stop_step", "2")));
        if (r.status() != 201) {
            turns.add(new Turn(0, 0, false));
            return;
        }
        String id = r.json().get("sessionId").asText();
        boolean open = true;
        for (String line : LINES) {
            if (!open) {
                break;
            }
            long a = System.nanoTime();
            Api.Response turn = api.post("/api/dialog/sessions/" + id + "/turns", Map.of("text", line));
            turns.add(new Turn(a, System.nanoTime(), turn.status() == 200));
            open = turn.status() == 200 && !turn.json().get("ended").asBoolean();
        }
        if (open) {
            api.delete("/api/dialog/sessions/" + id);
        }
    }

    private static double p(List<Turn> turns, double q) {
        long[] m = turns.stream().filter(Turn::ok).mapToLong(Turn::micros).sorted().toArray();
        return m.length == 0 ? Double.NaN : m[Math.min(m.length - 1, (int) (m.length * q))] / 1e3;
    }

    private static void report(String phase, List<Turn> turns, int seconds) {
        long failed = turns.stream().filter(x -> !x.ok()).count();
        long[] m = turns.stream().filter(Turn::ok).mapToLong(Turn::micros).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s：%d 轮%s，p50 %.2f ms，p99 %.2f ms，最大 %.2f ms，失败 %d%n", phase, turns.size(),
                seconds > 0 ? String.format(Locale.ROOT, "（%.0f 轮/秒）", turns.size() / (double) seconds) : "",
                p(turns, 0.5), p(turns, 0.99), m.length == 0 ? Double.NaN : m[m.length - 1] / 1e3, failed);
    }
}
