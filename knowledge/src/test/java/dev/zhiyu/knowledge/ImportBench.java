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
 * process's peak resident size (VmHWM: heap, native memory and the memory-mapped store files the process touched),
 * then 1,000 profiles and a SPARQL count on the imported graph, and the reopening by replay (the snapshot set aside)
 * that reads the whole store back. Run as {@link KgBenchmark} (see knowledge/README.md) with args {@code companies},
 * e.g. under {@code -Xmx4g}; {@code -Dzhiyu.kg.tdbFileMode=mapped|direct} picks TDB2's file mode.
 */
public final class ImportBench {
    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.Args.parse(args, 100_000).companies();
        BenchSupport.header("首次导入基准", n);
        System.out.println("TDB2 文件模式：" + TdbStore.fileMode() + "；首次批量写入：" + (TdbStore.separateLoader()
                ? "装载进程（" + BulkGeneration.HEAP + "=" + System.getProperty(BulkGeneration.HEAP, "1g") + "）" : "本进程内"));
        Path dir = Files.createTempDirectory("kg-import");
        FactBatch batch = SyntheticGraph.generate(n, 42);
        long t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir.resolve("kg"))) {
            ImportReport r = g.load(batch, stages(t0));
            System.out.printf("导入（校验+索引+计算+TDB2 批量写入）：%.1f s，接受 %,d，拒绝 %,d（机器负载 %.1f）%n",
                    BenchSupport.secs(t0), r.accepted(), r.rejected().size(), BenchSupport.load());
            System.out.printf("导入刚结束时进程常驻 VmRSS %s，峰值 VmHWM %s%n", BenchSupport.procStatus("VmRSS"), BenchSupport.procStatus("VmHWM"));
            queries(g, n);
        }
        System.out.printf("含关闭时保存快照：%.1f s%n", BenchSupport.secs(t0));
        reopen(dir.resolve("kg"), n);
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPeak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("峰值：堆（各区峰值之和，上限）%,d MB；进程常驻 VmHWM %s；图库目录 %,d MB%n", heapPeak >> 20,
                BenchSupport.procStatus("VmHWM"), size(dir) >> 20);
    }

    /** Prints each stage as it begins, with the time since the start and the process's resident size. */
    private static java.util.function.Consumer<ImportProgress> stages(long t0) {
        ImportProgress.Stage[] last = {null};
        return p -> {
            if (p.stage() != last[0]) {
                last[0] = p.stage();
                try {
                    System.out.printf("  %.1f s：%s（VmRSS %s，机器负载 %.1f）%n", BenchSupport.secs(t0), p.stage().label,
                            BenchSupport.procStatus("VmRSS"), BenchSupport.load());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static void queries(KnowledgeGraph g, int n) {
        BenchSupport.report("导入后 1,000 个画像", BenchSupport.time(BenchSupport.sample(n, 1_000, 7), g::profile));
        long q = System.nanoTime();
        try {
            SparqlResult res = g.sparql("PREFIX zy: <https://zhiyu.dev/kg#> SELECT (COUNT(*) AS ?n) WHERE { ?s a zy:Shareholding }",
                    new SparqlLimits(60_000, 10));
            System.out.printf("SPARQL 计数持股：%s，%.0f ms%n", res.rows(), (System.nanoTime() - q) / 1e6);
        } catch (SparqlException e) {
            System.out.printf("SPARQL 计数持股未完成（%.0f ms）：%s%n", (System.nanoTime() - q) / 1e6, e.getMessage());
        }
    }

    /** Reads the whole store back: the snapshot is set aside so the view replays every fact. */
    private static void reopen(Path kg, int n) throws IOException {
        Path index = kg.resolveSibling("kg.index");
        Files.move(index, kg.resolveSibling("kg.index.aside"));
        long t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(kg)) {
            g.profile("C" + n / 2);
            System.out.printf("无快照重新打开（重放全部事实+全量计算）到首个回答：%.1f s（机器负载 %.1f）；进程常驻峰值 VmHWM %s%n",
                    BenchSupport.secs(t0), BenchSupport.load(), BenchSupport.procStatus("VmHWM"));
        }
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
