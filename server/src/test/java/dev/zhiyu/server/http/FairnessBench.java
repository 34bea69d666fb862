package dev.zhiyu.server.http;

import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Tenant B's dialog-turn latency, idle and while tenant A saturates the API with dialog turns from many clients,
 * on H2 and on PostgreSQL. A benchmark, not part of {@code bin/test} (the name does not end in Test):
 * {@code mvn -B -q -pl server -am verify -Dtest=FairnessBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs},
 * figures in {@code server/target/surefire-reports/dev.zhiyu.server.http.FairnessBench-output.txt}.
 */
class FairnessBench {
    private static final int TURNS = Integer.getInteger("zhiyu.bench.turns", 1000);
    private static final int BURST_CLIENTS = Integer.getInteger("zhiyu.bench.clients", 32);
    private static final List<String> SAYINGS = List.of("是我", "嗯，怎么了", "视频那一步卡住了", "我在开车，晚点再说",
            "你们这个收费吗", "好的，我知道了");

    @Test
    void h2() throws Exception {
        try (TestStores stores = TestStores.h2()) {
            run("H2", stores);
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestStores stores = TestStores.postgres()) {
            run("PostgreSQL", stores);
        }
    }

    private static void run(String name, TestStores stores) throws Exception {
        try (ZhiyuServer server = ZhiyuServer.start(stores.config())) {
            Platform p = server.platform();
            Api a = api(server, p.tenants().create("burst", "甲证券", "bench"), p);
            Api b = api(server, p.tenants().create("quiet", "乙证券", "bench"), p);
            measure(b, 50); // warm-up: models loaded, JIT, pools open
            measure(a, 50);
            long[] idle = measure(b, TURNS);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong burstTurns = new AtomicLong();
            List<Thread> burst = new ArrayList<>();
            for (int i = 0; i < BURST_CLIENTS; i++) {
                burst.add(Thread.ofPlatform().start(() -> {
                    String session = start(a);
                    for (int n = 0; !stop.get(); n++) {
                        int status = a.post("/api/dialog/sessions/" + session + "/turns",
                                Map.of("text", SAYINGS.get(n % SAYINGS.size()))).status();
                        if (status == 200) {
                            burstTurns.incrementAndGet();
                        }
                        if (status == 409 || n % 8 == 7) {
                            session = start(a);
                        }
                    }
                }));
            }
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            long before = burstTurns.get();
            long[] loaded = measure(b, TURNS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long aTurns = burstTurns.get() - before;
            stop.set(true);
            for (Thread t : burst) {
                t.join();
            }
            System.out.printf("%s：租户 B 对话轮次延迟 空闲 p50 %.1f ms p99 %.1f ms；租户 A %d 个并发客户端压满时 p50 %.1f ms p99 %.1f ms"
                            + "（p99 为空闲的 %.1f 倍）；同期 A 完成 %.0f 轮/秒%n", name, pct(idle, 50), pct(idle, 99),
                    BURST_CLIENTS, pct(loaded, 50), pct(loaded, 99), pct(loaded, 99) / pct(idle, 99), aTurns / seconds);
        }
    }

    private static Api api(ZhiyuServer server, Tenant t, Platform p) {
        return Api.withKey(server.port(), p.keys().create(t.id(), "bench", "operator", "bench").secret());
    }

    private static String start(Api api) {
        Api.Response r = api.post("/api/dialog/sessions", Map.of("scenario", "account-opening-callback",
                "variables", Map.of("customer_name", "赵女士", "stop_step", "4")));
        if (r.status() != 201) {
            throw new IllegalStateException(r.toString());
        }
        return r.json().get("sessionId").asText();
    }

    /** Latencies in ms of {@code n} turns, a new session every 8 turns. */
    private static long[] measure(Api api, int n) {
        long[] micros = new long[n];
        String session = start(api);
        for (int i = 0; i < n; i++) {
            if (i % 8 == 7) {
                session = start(api);
            }
            long t = System.nanoTime();
            Api.Response r = api.post("/api/dialog/sessions/" + session + "/turns", Map.of("text", SAYINGS.get(i % SAYINGS.size())));
            if (r.status() == 409) { // the conversation ended (e.g. a callback was agreed): the turn again, in a new one
                session = start(api);
                t = System.nanoTime();
                r = api.post("/api/dialog/sessions/" + session + "/turns", Map.of("text", SAYINGS.get(i % SAYINGS.size())));
            }
            micros[i] = (System.nanoTime() - t) / 1000;
            if (r.status() != 200) {
                throw new IllegalStateException(r.toString());
            }
        }
        return micros;
    }

    private static double pct(long[] micros, int p) {
        long[] s = micros.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1000.0;
    }
}
