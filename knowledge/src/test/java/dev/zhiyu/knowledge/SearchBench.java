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
        search.search("t", g, "合成企业1", 10);
        System.out.printf("建检索索引（全部 %,d 家企业）+首次检索：%.1f s，索引约占堆 %,d MB（机器负载 %.1f）%n", n,
                BenchSupport.secs(t0), BenchSupport.heapAfterGc() - before, BenchSupport.load());
        List<String> sample = BenchSupport.sample(n, 1_000, 3);
        int[] found = new int[2];
        BenchSupport.report("按全名检索", BenchSupport.time(sample, c -> {
            List<CompanySearch.Hit> hits = search.search("t", g, "合成企业" + c.substring(1), 10);
            found[0] += !hits.isEmpty() && hits.getFirst().id().equals(c) ? 1 : 0;
            return hits;
        }));
        BenchSupport.report("按编号检索", BenchSupport.time(sample, c -> {
            List<CompanySearch.Hit> hits = search.search("t", g, c, 10);
            found[1] += !hits.isEmpty() && hits.getFirst().id().equals(c) ? 1 : 0;
            return hits;
        }));
        List<String> persons = BenchSupport.sample(n * 4 / 5, 1_000, 5).stream().map(c -> "自然人" + c.substring(1)).toList();
        BenchSupport.report("按人名检索", BenchSupport.time(persons, p -> search.search("t", g, p, 10)));
        System.out.printf("首个结果即所找企业：全名 %d / 1000，编号 %d / 1000%n", found[0], found[1]);
    }
}
