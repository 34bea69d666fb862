package dev.zhiyu.knowledge;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * First-import benchmark (not a test): the generated graph (seed 42) written into an empty TDB2 store through the
 * bulk loader, with the index built and the snapshot saved on close. Prints the time, the heap's peak and the
 * process's peak resident size (VmHWM: heap, native memory and the memory-mapped store files the process touched).
 * Run as {@link KgBenchmark} (see knowledge/README.md) with args {@code companies}, e.g. under {@code -Xmx4g}.
 */
public final class ImportBench {
    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.Args.parse(args, 100_000).companies();
        BenchSupport.header("首次导入基准", n);
        Path dir = Files.createTempDirectory("kg-import");
        FactBatch batch = SyntheticGraph.generate(n, 42);
        long t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir.resolve("kg"))) {
            ImportReport r = g.load(batch);
            System.out.printf("导入（校验+索引+计算+TDB2 批量写入）：%.1f s，接受 %,d，拒绝 %,d（机器负载 %.1f）%n",
                    BenchSupport.secs(t0), r.accepted(), r.rejected().size(), BenchSupport.load());
        }
        System.out.printf("含关闭时保存快照：%.1f s%n", BenchSupport.secs(t0));
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPeak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("峰值：堆（各区峰值之和，上限）%,d MB；进程常驻 VmHWM %s；图库目录 %,d MB%n", heapPeak >> 20,
                status("VmHWM"), size(dir) >> 20);
    }

    private static String status(String key) throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.isReadable(p)) {
            return "不可读";
        }
        return Files.readAllLines(p).stream().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim())
                .findFirst().orElse("?");
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
