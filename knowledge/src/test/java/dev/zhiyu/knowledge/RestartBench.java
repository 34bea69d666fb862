package dev.zhiyu.knowledge;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Restart benchmark (not a test): time to the first answer after a restart, from the saved index snapshot, compared
 * with rebuilding. Run as {@link KgBenchmark} (see knowledge/README.md) with args {@code companies [tdb=N]}:
 * <ol>
 * <li>builds the index of the generated graph (seed 42), saves its snapshot (timing the copy that holds writers and the
 * write itself) and drops it; then, as a restarted process would, opens the graph from the snapshot and answers one
 * profile — "time to first answer" — then 1,000 more while the rest is read in the background, waits until the index
 * is whole — "time to fully ready" — and times 1,000 more;</li>
 * <li>with {@code tdb=N}: the whole path through TDB2 for N companies — a tenant view opened on the store by replaying
 * (no snapshot), and again from the snapshot its close saved.</li>
 * </ol>
 */
public final class RestartBench {
    private RestartBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Args a = BenchSupport.Args.parse(args, 200_000);
        int n = a.companies();
        BenchSupport.header("重启基准", n);
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
        Graph built = BenchSupport.build(n);
        if (!Boolean.getBoolean("bench.restartOnly")) { // -Dbench.restartOnly=true: straight to the save and restart
            long r0 = System.nanoTime();
            built.recomputeAll();
            System.out.printf("全量重算（有效持股+实际控制人）：%.1f s（机器负载 %.1f）%n", BenchSupport.secs(r0), BenchSupport.load());
            List<String> warm = BenchSupport.sample(n, 10_000, 1);
            BenchSupport.time(warm, built::profile);
            BenchSupport.report("重启前 10,000 个画像（索引完整在内存，第二遍）", BenchSupport.time(warm, built::profile));
        }
        System.out.printf("重启前 GC 后堆占用 %,d MB（%,d 个节点）%n", BenchSupport.heapAfterGc(), built.size());
        long t0 = System.nanoTime();
        Snapshot.Frozen frozen = Snapshot.freeze("bench", built.index, built.engine.results());
        System.out.printf("保存快照：复制已发布版本（此间写入等待）%.2f s%n", BenchSupport.secs(t0));
        t0 = System.nanoTime();
        Snapshot.write(file, frozen, java.util.function.UnaryOperator.identity());
        System.out.printf("保存快照：写文件（写入不等待）%.1f s，%,d MB%n", BenchSupport.secs(t0), Files.size(file) >> 20);
        frozen = null;
        String searchMode = System.getProperty("bench.search", "");
        if (searchMode.equals("stale")) {
            storeStaleSearchIndex(built, file.resolveSibling(file.getFileName() + ".search"));
        }
        List<String> companies = BenchSupport.sample(n, 2_001, 7);
        List<Object> expected = new ArrayList<>();
        for (String c : companies.subList(0, 101)) {
            expected.add(built.profile(c));
        }
        built = null;
        BenchSupport.heapAfterGc();

        List<OpenProgress.Phase> phases = new ArrayList<>();
        long gc0 = BenchSupport.gcMillis();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        double load = BenchSupport.load();
        t0 = System.nanoTime();
        Graph g = new Graph(store, p -> {
            if (phases.isEmpty() || phases.getLast() != p.phase()) {
                phases.add(p.phase());
            }
        });
        Object first = g.profile(companies.getFirst());
        double firstAnswer = BenchSupport.secs(t0);
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("重启后首个回答（打开快照+首个画像）：%.2f s（本线程 CPU %.2f s，GC %.2f s；开始时机器负载 %.1f），阶段 %s，"
                + "与重启前一致：%s%n", firstAnswer, cpu, (BenchSupport.gcMillis() - gc0) / 1e3, load, phases,
                first.equals(expected.getFirst()));
        if (!searchMode.isEmpty()) {
            firstSearch(g, companies.getLast(), t0);
        }
        if (Boolean.getBoolean("bench.tags")) {
            tagScans(g);
        }
        BenchSupport.report("其后 1,000 个画像（其余部分后台读入中）", BenchSupport.time(companies.subList(1, 1_001), g::profile));
        g.awaitComplete();
        System.out.printf("完全就绪（全部节点读入、名称索引建好）：重启后 %.1f s（GC 累计 %.1f s，机器负载 %.1f）%n",
                BenchSupport.secs(t0), (BenchSupport.gcMillis() - gc0) / 1e3, BenchSupport.load());
        BenchSupport.report("就绪后 1,000 个画像", BenchSupport.time(companies.subList(1_001, 2_001), g::profile));
        int same = 0;
        for (int i = 0; i < expected.size(); i++) {
            same += g.profile(companies.get(i)).equals(expected.get(i)) ? 1 : 0;
        }
        System.out.printf("与重启前一致的画像：%d / %d%n", same, expected.size());
        if (!searchMode.isEmpty()) {
            wholeSearch(g, companies.getLast(), t0);
        }
        System.out.printf("GC 后堆占用 %,d MB；进程常驻峰值 VmHWM %s%n", BenchSupport.heapAfterGc(), BenchSupport.procStatus("VmHWM"));
        g = null;
        Files.deleteIfExists(file);
        try (var left = Files.walk(dir)) { // the search index directory too
            for (Path p : left.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (a.tdb() > 0) {
            tdb(a.tdb());
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
        System.out.printf("TDB2：写入 %,d 家企业（%,d 条事实）并保存快照：%.1f s%n", companies, batch.size(), BenchSupport.secs(t0));
        String c = "C" + (companies / 2);
        Files.move(data.resolve("tenants/t/kg.index"), data.resolve("tenants/t/kg.index.aside"));
        t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            g.profile(c);
            System.out.printf("TDB2：无快照重启（重放+全量计算）到首个回答：%.1f s%n", BenchSupport.secs(t0));
        }
        t0 = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            g.profile(c);
            System.out.printf("TDB2：有快照重启到首个回答：%.2f s%n", BenchSupport.secs(t0));
        }
    }

    /**
     * {@code -Dbench.search=stale}: a search index stored beside the snapshot from another store state (its stamp is
     * not the restarted store's), as after a write made while the server was down.
     */
    private static void storeStaleSearchIndex(Graph built, Path dir) {
        long t0 = System.nanoTime();
        try (SearchIndex stored = new SearchIndex(dir)) {
            SearchIndex.Answer<Integer> docs = stored.search(built, s -> s.getIndexReader().numDocs());
            while (docs.coverage() != SearchIndex.Coverage.WHOLE) { // built in the background: asked until whole
                docs = stored.search(built, s -> s.getIndexReader().numDocs());
            }
            System.out.printf("检索索引（另一图库状态，重启后过期）：%,d 份文档，建立 %.1f s（机器负载 %.1f）%n", docs.value(),
                    BenchSupport.secs(t0), BenchSupport.load());
        }
    }

    /**
     * The first search after the restart, by a company's full name, timed from its call and from the restart.
     */
    private static void firstSearch(Graph g, String company, long restart) {
        String name = g.entity(company).orElseThrow().name();
        double load = BenchSupport.load();
        long t0 = System.nanoTime();
        CompanySearch search = new CompanySearch();
        CompanySearch.Results r = search.search("bench", g, name, 10);
        System.out.printf("重启后首次检索（检索索引%s）：%.2f s（重启后 %.1f s；机器负载 %.1f），首个结果即所找企业：%s，部分结果：%s，"
                + "%s；%s%n", System.getProperty("bench.search").equals("stale") ? "过期" : "缺失", BenchSupport.secs(t0),
                BenchSupport.secs(restart), load, !r.hits().isEmpty() && r.hits().getFirst().id().equals(company),
                r.partial(), g.readiness(), r.note());
    }

    /**
     * {@code -Dbench.tags=true}: two tag scans (the first 100 companies) right after the first answer, while the rest is
     * read in the background: a common tag and one no generated company carries (a scan of every company).
     */
    private static void tagScans(Graph g) {
        TagRules rules = TagRules.defaults();
        for (String tag : List.of("民营企业", "近一年受处罚")) {
            double load = BenchSupport.load();
            long t0 = System.nanoTime();
            String outcome;
            try {
                outcome = rules.search(g, tag, 100).size() + " 家";
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName() + "：" + e.getMessage();
            }
            System.out.printf("重启后按标签找企业「%s」（前 100 家）：%.2f s（机器负载 %.1f），%s；%s%n", tag,
                    BenchSupport.secs(t0), load, outcome, g.readiness());
        }
    }

    /** The first search's text asked again until it is answered from the whole search index. */
    private static void wholeSearch(Graph g, String company, long restart) {
        String name = g.entity(company).orElseThrow().name();
        CompanySearch search = new CompanySearch();
        CompanySearch.Results r = search.search("bench", g, name, 10);
        int asked = 1;
        while (r.partial()) {
            r = search.search("bench", g, name, 10);
            asked++;
        }
        System.out.printf("检索完整回答：重启后 %.1f s（问了 %d 次；机器负载 %.1f），首个结果即所找企业：%s%n",
                BenchSupport.secs(restart), asked, BenchSupport.load(),
                !r.hits().isEmpty() && r.hits().getFirst().id().equals(company));
    }
}
