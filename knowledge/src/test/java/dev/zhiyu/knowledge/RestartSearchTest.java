package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search, tag scans and chain members while the rest of a snapshot is read after a restart (the background reader
 * parked in its first turn): each answers within a bound — from what is there, saying when that is partial — or says
 * how far the read is; none waits for the whole snapshot.
 */
class RestartSearchTest {
    @TempDir
    Path data;

    private static final int COMPANIES = 2_000;
    /** What "quickly" means here: far below the park (60 s), above the search's own wait (1.5 s) on a busy machine. */
    private static final long BOUND_SECONDS = 15;
    private static final Provenance SRC = Provenance.of("测试");

    private final CompanySearch search = new CompanySearch();

    private static <T> T within(Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call, r -> Thread.ofPlatform().start(r)).get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static Entity company(String id, String name) {
        return new Entity(id, EntityKind.COMPANY, name, List.of(), Map.of(), SRC);
    }

    /** 2,000 generated companies (with a small 5G chain) in a store with a snapshot: a server's first life. */
    private MemoryStore firstLife() {
        MemoryStore store = MemoryStore.counting(data.resolve("kg.index"));
        FactBatch b = SyntheticGraph.generate(COMPANIES, 5)
                .product("p", 1, new Product("BS", "基站", (String) null, List.of("5G"), SRC))
                .produces("p", 2, new Produces("C1500", "BS", 0.8, SRC))
                .produces("p", 3, new Produces("C40", "BS", null, SRC));
        try (Graph g = new Graph(store)) {
            assertTrue(g.load(b).rejected().isEmpty());
        }
        return store;
    }

    @Test
    void aSearchWithAStaleStoredIndexAnswersAtOnceFlaggedPartialAndWholeOnceRebuilt() throws Exception {
        MemoryStore store = firstLife();
        try (Graph server = new Graph(store)) { // the server searched: its index is stored with the store's stamp
            assertFalse(CompanySearchTest.whole(() -> search.search("t", server, "合成企业5", 5)).partial());
        }
        try (Graph cli = new Graph(store)) { // written while the server was down (e.g. the command line)
            cli.awaitComplete();
            assertTrue(cli.load(new FactBatch().entity("c", 1, company("NEW", "星河半导体设备有限公司"))
                    .entity("c", 2, company("C17", "远航物流股份有限公司"))).rejected().isEmpty());
        }
        MemoryStore.Park park = new MemoryStore.Park();
        try (Graph g = new Graph(store, p -> { }, park)) {
            assertTrue(park.parked.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            CompanySearch.Results stale = within(() -> search.search("t", g, "合成企业5", 5));
            assertTrue(stale.partial(), "answered from the stored index of the earlier store state");
            assertTrue(stale.note().contains("图谱索引读入中") && stale.note().contains("可能缺失"), stale.note());
            assertEquals("C5", stale.hits().getFirst().id(), stale.toString());

            CompanySearch.Results added = within(() -> search.search("t", g, "星河半导体设备有限公司", 5));
            assertTrue(added.partial());
            assertEquals("NEW", added.hits().getFirst().id(), "a company the stored index lacks, by its exact name");
            CompanySearch.Results renamed = within(() -> search.search("t", g, "合成企业17", 5));
            CompanySearch.Hit c17 = renamed.hits().stream().filter(h -> h.id().equals("C17")).findFirst().orElseThrow();
            assertEquals("远航物流股份有限公司", c17.name(), "a stored hit is shown as the company is now");
            assertTrue(c17.formerNames().contains("合成企业17"), c17.toString());
            assertEquals(Readiness.State.SERVING_PARTIAL, g.readiness().state());
            assertEquals(0, g.readiness().done(), "all of it answered while the background reader was parked");
            assertTrue(System.nanoTime() - t0 < BOUND_SECONDS * 1_000_000_000L);

            park.release.countDown();
            CompanySearch.Results whole = CompanySearchTest.whole(() -> search.search("t", g, "星河半导体", 5));
            assertEquals("NEW", whole.hits().getFirst().id(), "the rebuilt index finds it by part of its name");
            assertEquals(null, whole.note());
            assertEquals("C17", search.search("t", g, "远航物流", 5).hits().getFirst().id());
        }
    }

    @Test
    void withNoStoredIndexASearchFindsExactNamesCodesAndIdsAndSaysTheRestIsBeingBuilt() throws Exception {
        MemoryStore store = firstLife();
        MemoryStore.Park park = new MemoryStore.Park();
        try (Graph g = new Graph(store, p -> { }, park)) {
            assertTrue(park.parked.await(10, TimeUnit.SECONDS));
            CompanySearch.Results byId = within(() -> search.search("t", g, "C1234", 5));
            assertTrue(byId.partial());
            assertTrue(byId.note().contains("只能按完整"), byId.note());
            assertEquals(List.of("C1234"), byId.hits().stream().map(CompanySearch.Hit::id).toList());
            CompanySearch.Results byName = within(() -> search.search("t", g, "合成企业1234", 5));
            assertEquals("C1234", byName.hits().getFirst().id());
            CompanySearch.Results byPart = within(() -> search.search("t", g, "企业1234", 5));
            assertTrue(byPart.partial() && byPart.hits().isEmpty(), "part of a name needs the whole index");
            park.release.countDown();
            CompanySearch.Results whole = CompanySearchTest.whole(() -> search.search("t", g, "企业1234", 5));
            assertEquals("C1234", whole.hits().getFirst().id(), "found once the index is built");
        }
    }

    @Test
    void aTagScanAnswersFromWhatItCanReadOrSaysHowFarTheReadIs() throws Exception {
        MemoryStore store = firstLife();
        List<String> expected;
        TagRules rules = TagRules.defaults();
        try (Graph ready = new Graph(store)) {
            ready.awaitComplete();
            expected = ids(rules.search(ready, "民营企业", 20));
            assertEquals(20, expected.size());
        }
        MemoryStore.Park park = new MemoryStore.Park();
        try (Graph g = new Graph(store, p -> { }, park)) {
            assertTrue(park.parked.await(10, TimeUnit.SECONDS));
            rules.partialScanNanos = 30_000_000_000L; // 1,600 persons come first in node order: time to reach companies
            assertEquals(expected, ids(within(() -> rules.search(g, "民营企业", 20))),
                    "the first 20 in node order, as on the whole index, decoded while the background reader is parked");
            assertEquals(List.of("C1500", "C40"), ids(within(() -> g.relations().companiesInChain("5G"))),
                    "chain members come from the product maps, which a snapshot holds whole");

            rules.partialScanNanos = 0; // the scan's budget is spent at once: it says how far the read is instead
            GraphLoadingException e = assertThrows(GraphLoadingException.class,
                    () -> rules.search(g, "近一年受处罚", 20));
            assertEquals(Readiness.State.SERVING_PARTIAL, e.readiness().state());
            assertEquals("图谱索引读入中 0%，请稍候（约 10 秒后重试）", e.getMessage(),
                    "nothing read yet: no pace to go by, a default pause");
            assertEquals(10, e.retryAfterSeconds());
            park.release.countDown();
            g.awaitComplete();
            assertEquals(expected, ids(rules.search(g, "民营企业", 20)), "once read whole, no budget applies");
        }
    }

    @Test
    void retryAfterFollowsTheBackgroundReadersPace() {
        Readiness partial = new Readiness(Readiness.State.SERVING_PARTIAL, 2_000, 11_000);
        assertEquals(18, TagRules.retryAfter(partial, 4_000_000_000L), "9,000 left at 500 a second");
        assertEquals(30, TagRules.retryAfter(new Readiness(Readiness.State.SERVING_PARTIAL, 10, 11_000), 4_000_000_000L),
                "capped: asked again, it estimates afresh");
        assertEquals(10, TagRules.retryAfter(new Readiness(Readiness.State.SERVING_PARTIAL, 0, 11_000), 4_000_000_000L));
        assertEquals(1, TagRules.retryAfter(new Readiness(Readiness.State.READY, 11_000, 11_000), 1));
    }

    private static List<String> ids(List<Party> parties) {
        assertNotNull(parties);
        return parties.stream().map(Party::id).toList();
    }
}
