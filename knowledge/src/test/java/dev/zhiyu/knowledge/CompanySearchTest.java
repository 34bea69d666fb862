package dev.zhiyu.knowledge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompanySearchTest {

    private static KnowledgeGraph graph() {
        String doc = """
                {"entities": [
                  {"kind": "company", "code": "91110000100018988F", "name": "中国民生银行股份有限公司",
                   "listing_code": "600016"},
                  {"kind": "company", "code": "C2", "name": "深圳市腾讯计算机系统有限公司", "former_names": "腾讯科技|鹅厂"},
                  {"kind": "company", "code": "C3", "name": "北京银行股份有限公司"},
                  {"kind": "person", "name": "李四"}]}
                """;
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(TableImport.json("kg.json", doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, r.accepted(), r.rejected().toString());
        return g;
    }

    /**
     * A search asked again until it is answered from the whole index (the first search of a view starts the whole
     * build and waits for it only a bounded time; on a busy machine even a small build may take longer).
     */
    static CompanySearch.Results whole(java.util.function.Supplier<CompanySearch.Results> search) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        CompanySearch.Results r = search.get();
        while (r.partial() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            r = search.get();
        }
        assertFalse(r.partial(), "the whole index was built within a minute: " + r.note());
        return r;
    }

    @Test
    void findsByShortNameFormerNameAndCodes() {
        KnowledgeGraph g = graph();
        CompanySearch search = new CompanySearch();
        assertEquals("中国民生银行股份有限公司", whole(() -> search.search("t", g, "民生银行", 5)).hits().getFirst().name());
        assertEquals("C2", search.search("t", g, "腾讯科技", 5).hits().getFirst().id(), "a former name");
        assertEquals("600016", search.search("t", g, "600016", 5).hits().getFirst().listingCode(), "a listing code");
        assertEquals("C3", search.search("t", g, "c3", 5).hits().getFirst().id(), "a code, any case");
    }

    @Test
    void unrelatedNamesSharingOnlyTheLegalFormDoNotMatch() {
        KnowledgeGraph g = graph();
        List<CompanySearch.Hit> hits = whole(() -> new CompanySearch().search("t", g, "上海浦东发展银行股份有限公司", 5)).hits();
        assertTrue(hits.stream().noneMatch(h -> h.id().equals("C2")), hits.toString());
        assertTrue(new CompanySearch().search("t", g, "李四", 5).hits().isEmpty(), "people are not companies");
    }

    private static String digits(int i) {
        StringBuilder b = new StringBuilder();
        for (char c : Integer.toString(i).toCharArray()) {
            b.append("零一二三四五六七八九".charAt(c - '0'));
        }
        return b.toString();
    }

    @Test
    void everyCompanyIsSearchableNotJustTheFirstTenThousand() {
        FactBatch b = new FactBatch();
        int n = 10_300;
        for (int i = 0; i < n; i++) {
            b.entity("t", i + 1, new Entity("C" + i, EntityKind.COMPANY, "测试" + digits(i) + "号实业有限公司",
                    List.of(), java.util.Map.of(), Facts.SRC));
        }
        b.entity("t", n + 1, new Entity("P1", EntityKind.PERSON, "欧阳明远", List.of(), java.util.Map.of(), Facts.SRC));
        b.officer("t", n + 2, new Officer("P1", "C10234", OfficerRole.CHAIRMAN, null, Facts.SRC));
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        assertTrue(g.load(b).rejected().isEmpty());
        CompanySearch search = new CompanySearch();
        whole(() -> search.search("t", g, "测试", 3));
        for (int i : new int[] {0, 9_999, 10_000, 10_234, n - 1}) {
            List<CompanySearch.Hit> hits = search.search("t", g, "测试" + digits(i) + "号实业有限公司", 3).hits();
            assertEquals("C" + i, hits.getFirst().id(), "company " + i + " of " + n + ": " + hits);
        }
        assertEquals("C10234", search.search("t", g, "欧阳明远", 3).hits().getFirst().id(), "a person finds the companies they serve");
        g.load(new FactBatch().entity("t", 1, new Entity("C-new", EntityKind.COMPANY, "新近设立科技有限公司", List.of(),
                java.util.Map.of(), Facts.SRC)));
        assertEquals("C-new", search.search("t", g, "新近设立科技", 3).hits().getFirst().id(), "an import is searchable at once");
    }

    /** ConcurrentHashMap's bin of a key in a table of 16 (a new map's size). */
    private static int bin(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & 15;
    }

    @Test
    void buildingOneTenantsIndexDoesNotHoldUpAnotherTenantsSearch() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FactStore stuck = new FactStore() {
            private volatile boolean written;

            public void write(List<Object> facts) {
                written = true;
            }

            /** Read when the write is published, under the graph's write lock: after the write it does not return. */
            public String stamp() {
                if (written) {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return null;
            }

            public void replay(java.util.function.Consumer<Object> sink) {
            }

            public SparqlResult sparql(String query, SparqlLimits limits) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
        Graph slow = new Graph(stuck);
        KnowledgeGraph other = graph();
        String a = "tenant-a";
        String b = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "tenant-" + i)
                .filter(t -> bin(t) == bin(a)).findFirst().orElseThrow();
        CompanySearch search = new CompanySearch();
        try {
            // a write holds the slow tenant's graph (publishing it, its store does not return), so indexing that tenant waits
            Thread.ofPlatform().start(() -> slow.load(Facts.of().company("甲").batch));
            assertTrue(writing.await(30, java.util.concurrent.TimeUnit.SECONDS));
            Thread indexing = Thread.ofPlatform().start(() -> search.search(a, slow, "甲", 5));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (indexing.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, indexing.getState(), "indexing the slow tenant waits for its graph");
            var hits = java.util.concurrent.CompletableFuture.supplyAsync(() -> whole(() -> search.search(b, other, "民生银行", 5)).hits())
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("中国民生银行股份有限公司", hits.getFirst().name(), "tenant " + b + " shares tenant " + a + "'s map bin");
            assertEquals(1, release.getCount(), "the other tenant's index was still being built");
        } finally {
            release.countDown();
        }
    }
}
