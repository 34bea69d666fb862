package dev.zhiyu.knowledge;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** What the benchmarks share: arguments, the generated graph (seed 42), samples, timing and reporting. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** {@code companies [tdb=N]}. */
    record Args(int companies, int tdb) {
        static Args parse(String[] args, int defaultCompanies) {
            int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : defaultCompanies;
            int tdb = args.length > 1 && args[1].startsWith("tdb=") ? Integer.parseInt(args[1].substring(4)) : 0;
            return new Args(n, tdb);
        }
    }

    static void header(String title, int companies) {
        System.out.printf("%s：%,d 家企业，%d 核，最大堆 %,d MB，机器负载 %.1f%n", title, companies,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load());
    }

    /** Generates the graph and builds its index (validation, index, first full computation), printing both times. */
    static Graph build(int companies) {
        long t0 = System.nanoTime();
        FactBatch batch = SyntheticGraph.generate(companies, 42);
        System.out.printf("生成：%,d 条事实，%.1f s%n", batch.size(), secs(t0));
        Graph g = (Graph) KnowledgeGraphs.indexOnly();
        t0 = System.nanoTime();
        ImportReport r = g.load(batch);
        System.out.printf("构建（校验+索引+首次全量计算）：%.1f s，接受 %,d，拒绝 %,d，%,d 个节点%n", secs(t0), r.accepted(),
                r.rejected().size(), g.size());
        r.rejected().stream().limit(3).forEach(x -> System.out.println("  拒绝示例：" + x));
        return g;
    }

    /** k random company ids of the generated graph. */
    static List<String> sample(int companies, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add("C" + rnd.nextInt(companies));
        }
        return out;
    }

    interface Query {
        Object run(String company);
    }

    static long[] time(List<String> companies, Query q) {
        long[] nanos = new long[companies.size()];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            q.run(companies.get(i));
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s：n=%d p50 %.2f ms，p99 %.2f ms，最大 %.2f ms%n", what, s.length, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime()))
                .sum();
    }

    /** A line of /proc/self/status, e.g. VmHWM (the process's peak resident size). */
    static String procStatus(String key) throws java.io.IOException {
        java.nio.file.Path p = java.nio.file.Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(p)) {
            return "不可读";
        }
        return java.nio.file.Files.readAllLines(p).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse("?");
    }

    /** Heap in use after two collections, in MB. */
    static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
