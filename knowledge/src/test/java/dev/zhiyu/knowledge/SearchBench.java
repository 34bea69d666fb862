package dev.zhiyu.knowledge;

import java.util.List;

/**
 * Company search benchmark (not a test): builds the generated graph (seed 42), then the tenant's Lucene index (first
 * search) and times 1,000 searches each by full name, by id and by a person's name, checking the hit. Run as
 * {@link KgBenchmark} (see knowledge/README.md) with args {@code companies}.
 */
public final class SearchBench {
    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.Args.parse(args, 200_000).companies();
        BenchSupport.header("企业检索基准", n);
        Graph g = BenchSupport.build(n);
        long before = BenchSupport.heapAfterGc();
        CompanySearch search = new CompanySearch();
        long t0 = System.nanoTime();
        CompanySearch.Results r = search.search("t", g, "合成企业1", 10);
        System.out.printf("首次检索（检索索引后台建立中，不等其建完）：%.2f s，部分结果：%s%n", BenchSupport.secs(t0), r.partial());
        while (r.partial()) {
            r = search.search("t", g, "合成企业1", 10);
        }
        System.out.printf("建检索索引（全部 %,d 家企业）至完整回答：%.1f s，索引约占堆 %,d MB（机器负载 %.1f）%n", n,
                BenchSupport.secs(t0), BenchSupport.heapAfterGc() - before, BenchSupport.load());
        List<String> sample = BenchSupport.sample(n, 1_000, 3);
        int[] found = new int[2];
        BenchSupport.report("按全名检索", BenchSupport.time(sample, c -> {
            List<CompanySearch.Hit> hits = search.search("t", g, "合成企业" + c.substring(1), 10).hits();
            found[0] += !hits.isEmpty() && hits.getFirst().id().equals(c) ? 1 : 0;
            return hits;
        }));
        BenchSupport.report("按编号检索", BenchSupport.time(sample, c -> {
            List<CompanySearch.Hit> hits = search.search("t", g, c, 10).hits();
            found[1] += !hits.isEmpty() && hits.getFirst().id().equals(c) ? 1 : 0;
            return hits;
        }));
        List<String> persons = BenchSupport.sample(n * 4 / 5, 1_000, 5).stream().map(c -> "自然人" + c.substring(1)).toList();
        BenchSupport.report("按人名检索", BenchSupport.time(persons, p -> search.search("t", g, p, 10)));
        System.out.printf("首个结果即所找企业：全名 %d / 1000，编号 %d / 1000%n", found[0], found[1]);
        afterOneCompanyImports(g, search);
    }

    /**
     * 100 imports of one company each (held by an existing person), each followed by a search for it: the search
     * brings the index up to date with the changed company only, then answers.
     */
    private static void afterOneCompanyImports(Graph g, CompanySearch search) {
        long written = g.search.written.get();
        long[] nanos = new long[100];
        int found = 0;
        for (int i = 0; i < nanos.length; i++) {
            String id = "BENCH" + i;
            g.load(new FactBatch().entity("bench", 1, new Entity(id, EntityKind.COMPANY, "基准新增星河企业" + i, List.of(),
                    java.util.Map.of(), Provenance.of("基准"))).shareholding("bench", 2,
                            new Shareholding("P" + i, id, 0.6, null, null, null, null, Provenance.of("基准"))));
            long t = System.nanoTime();
            List<CompanySearch.Hit> hits = search.search("t", g, "基准新增星河企业" + i, 10).hits();
            nanos[i] = System.nanoTime() - t;
            found += !hits.isEmpty() && hits.getFirst().id().equals(id) ? 1 : 0;
        }
        BenchSupport.report("导入 1 家企业后的首次检索（增量更新索引+检索）", nanos);
        System.out.printf("找到新企业 %d / %d；其间写入的检索文档 %d 份（机器负载 %.1f）%n", found, nanos.length,
                g.search.written.get() - written, BenchSupport.load());
    }
}
