package dev.zhiyu.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The knowledge-graph benchmark (not a test): generate N companies, build, recompute, time queries and incremental
 * updates, report memory. Run (see knowledge/README.md):
 * <pre>MAVEN_OPTS="-Xmx12g" mvn -B -q -pl knowledge test-compile exec:java -Dexec.mainClass=dev.zhiyu.knowledge.KgBenchmark -Dexec.args="1000000"</pre>
 * A second argument {@code tdb=N} also times writing the first N generated companies' facts into TDB2.
 */
public final class KgBenchmark {
    private KgBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Args a = BenchSupport.Args.parse(args, 100_000);
        int n = a.companies();
        BenchSupport.header("知识图谱基准", n);
        Graph g = BenchSupport.build(n);
        long t0 = System.nanoTime();
        g.recomputeAll();
        System.out.printf("全量重算（有效持股+实际控制人）：%.1f s%n", secs(t0));
        List<String> companies = BenchSupport.sample(n, 10_000, 1);
        warm(g, companies);
        report("企业画像 profile", time(companies, g::profile));
        report("穿透向上 5 层", time(companies, c -> g.penetrate(c, Direction.UP, 5, 2_000)));
        report("穿透向下 5 层", time(companies, c -> g.penetrate(c, Direction.DOWN, 5, 2_000)));
        report("受益所有人", time(companies, g::beneficialOwners));
        incremental(g, n);
        System.out.printf("内存：GC 后堆占用 %,d MB（%,d 个节点）%n", BenchSupport.heapAfterGc(), g.size());
        stats(g);
        if (a.tdb() > 0) {
            tdb(a.tdb());
        }
    }
    private static void warm(Graph g, List<String> companies) {
        for (String c : companies.subList(0, 1_000)) {
            g.profile(c);
            g.penetrate(c, Direction.UP, 5, 2_000);
            g.penetrate(c, Direction.DOWN, 5, 2_000);
        }
    }

    private static void incremental(Graph g, int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] nanos = new long[1_000];
        int[] affected = new int[nanos.length];
        int done = 0;
        while (done < nanos.length) {
            int c = rnd.nextInt(n);
            int node = g.index.node("C" + c);
            var holders = g.index.holders(node);
            if (holders.isEmpty()) {
                continue;
            }
            Edge e = holders.get(rnd.nextInt(holders.size()));
            if (e.unknown()) {
                continue;
            }
            double newShare = e.equity * (0.5 + rnd.nextDouble() * 0.5);
            Shareholding s = new Shareholding(g.index.entity(e.holder).id(), "C" + c, newShare, null, null, null, null,
                    new Provenance("基准变更", null));
            long t = System.nanoTime();
            affected[done] = g.change(s);
            nanos[done++] = System.nanoTime() - t;
        }
        report("单笔持股变更增量重算", nanos);
        int[] a = affected.clone();
        Arrays.sort(a);
        System.out.printf("  受影响企业数：中位 %d，p99 %d，最大 %d%n", a[a.length / 2], a[(int) (a.length * 0.99)], a[a.length - 1]);
    }

    private static void stats(Graph g) {
        int incomplete = 0;
        int controlled = 0;
        int state = 0;
        int companies = 0;
        for (int i = 0; i < g.size(); i++) {
            if (g.index.kind(i) != EntityKind.COMPANY) {
                continue;
            }
            companies++;
            Holdings h = g.engine.of(i);
            incomplete += h.incomplete() ? 1 : 0;
            int top = g.engine.top(i);
            if (top != i) {
                controlled++;
                state += g.index.kind(top) == EntityKind.STATE ? 1 : 0;
            }
        }
        System.out.printf("图统计：企业 %,d；有控制方 %,d；国有控股 %,d；数据不完整 %,d%n", companies, controlled, state, incomplete);
    }

    private static void tdb(int companies) throws Exception {
        Path dir = Files.createTempDirectory("kg-bench-tdb");
        FactBatch batch = SyntheticGraph.generate(companies, 42);
        long t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            g.load(batch);
        }
        System.out.printf("TDB2 写入 %,d 家企业的全部事实（%,d 条）：%.1f s（%s）%n", companies, batch.size(), secs(t0), dir);
        t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            System.out.printf("TDB2 重新打开并重建索引：%.1f s，%,d 个节点%n", secs(t0), g.size());
            long q = System.nanoTime();
            SparqlResult res = g.sparql("PREFIX zy: <https://zhiyu.dev/kg#> SELECT (COUNT(*) AS ?n) WHERE { ?s a zy:Shareholding }",
                    SparqlLimits.DEFAULT);
            System.out.printf("SPARQL 计数持股：%s，%.0f ms%n", res.rows(), (System.nanoTime() - q) / 1e6);
        }
    }





    private static long[] time(List<String> companies, BenchSupport.Query q) {
        return BenchSupport.time(companies, q);
    }

    private static void report(String what, long[] nanos) {
        BenchSupport.report(what, nanos);
    }

    private static double secs(long t0) {
        return BenchSupport.secs(t0);
    }
}
