package dev.zhiyu.knowledge;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Restart benchmark (not a test): time to the first answer after a restart, from the saved index snapshot, compared
 * with rebuilding. Run as {@link KgBenchmark} (see knowledge/README.md) with args {@code companies [tdb=N]}:
 * <ol>
 * <li>builds the index of the generated graph (seed 42), saves its snapshot and drops it; then, as a restarted process
 * would, opens the graph from the snapshot and answers one profile — printed as "time to first answer" — and 1,000 more
 * (p50/p99);</li>
 * <li>with {@code tdb=N}: the whole path through TDB2 for N companies — a tenant view opened on the store by replaying
 * (no snapshot), and again from the snapshot its close saved.</li>
 * </ol>
 */
public final class RestartBench {
    private RestartBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0].replace("_", "") : "200000");
        int tdb = args.length > 1 && args[1].startsWith("tdb=") ? Integer.parseInt(args[1].substring(4)) : 0;
        System.out.printf("重启基准：%,d 家企业，%d 核，最大堆 %,d MB%n", n, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("kg-restart");
        Path file = dir.resolve("kg.index");
        FactStore store = new FactStore() {
            public String stamp() {
                return "bench";
            }

            public java.util.Optional<Path> snapshotFile() {
                return java.util.Optional.of(file);
            }

            public void write(List<Object> facts) {
            }

            public void replay(Consumer<Object> sink) {
            }

            public SparqlResult sparql(String query, SparqlLimits limits) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
        long t0 = System.nanoTime();
        Graph built = new Graph(FactStore.NONE);
        built.load(SyntheticGraph.generate(n, 42));
        System.out.printf("生成并构建索引（重建路径：校验+索引+全量计算）：%.1f s，%,d 个节点%n", secs(t0), built.size());
        t0 = System.nanoTime();
        Snapshot.write(file, "bench", built.index, built.engine.results());
        System.out.printf("写快照：%.1f s，%,d MB%n", secs(t0), Files.size(file) >> 20);
        List<String> companies = sample(n, 1_001, 7);
        Object expected = built.profile(companies.getFirst());
        built = null;
        gc();

        List<OpenProgress.Phase> phases = new ArrayList<>();
        long gc0 = gcMillis();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        t0 = System.nanoTime();
        Graph g = new Graph(store, p -> {
            if (phases.isEmpty() || phases.getLast() != p.phase()) {
                phases.add(p.phase());
            }
        });
        Object first = g.profile(companies.getFirst());
        double firstAnswer = secs(t0);
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("重启后首个回答（读快照+首个画像）：%.2f s（其中本线程 CPU %.2f s，GC %.2f s；其余为等待 CPU——"
                + "机器负载 %.1f），阶段 %s，与重启前一致：%s%n", firstAnswer, cpu, (gcMillis() - gc0) / 1e3,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), phases, first.equals(expected));
        long[] nanos = new long[1_000];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            g.profile(companies.get(i + 1));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("其后 1,000 个画像：p50 %.2f ms，p99 %.2f ms%n", nanos[500] / 1e6, nanos[990] / 1e6);
        gc();
        System.out.printf("GC 后堆占用 %,d MB%n", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
        g = null;
        gc();
        if (tdb > 0) {
            tdb(tdb);
        }
    }

    private static void tdb(int companies) throws Exception {
        Path data = Files.createTempDirectory("kg-restart-tdb");
        Path ref = data.resolve("reference/kg");
        Path tenant = data.resolve("tenants/t/kg");
        FactBatch batch = SyntheticGraph.generate(companies, 42);
        long t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            g.load(batch);
        }
        System.out.printf("TDB2：写入 %,d 家企业（%,d 条事实）并保存快照：%.1f s%n", companies, batch.size(), secs(t0));
        String c = "C" + (companies / 2);
        Files.move(data.resolve("tenants/t/kg.index"), data.resolve("tenants/t/kg.index.aside"));
        t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            g.profile(c);
            System.out.printf("TDB2：无快照重启（重放+全量计算）到首个回答：%.1f s%n", secs(t0));
        }
        t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            g.profile(c);
            System.out.printf("TDB2：有快照重启到首个回答：%.2f s%n", secs(t0));
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static void gc() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
        System.gc();
    }

    private static List<String> sample(int n, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add("C" + rnd.nextInt(n));
        }
        return out;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
