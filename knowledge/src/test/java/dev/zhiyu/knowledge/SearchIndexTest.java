package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The company search index follows writes company by company, and a restart on an unchanged store reuses it. */
class SearchIndexTest {
    @TempDir
    Path data;

    private final CompanySearch search = new CompanySearch();

    private static final int COMPANIES = 400;
    /** Fewer through TDB2, whose transactions dominate the test's time. */
    private static final int STORED = 60;

    private static String first(CompanySearch.Results r) {
        assertFalse(r.partial(), r.note());
        return r.hits().isEmpty() ? null : r.hits().getFirst().id();
    }

    private static Entity company(String id, String name) {
        return new Entity(id, EntityKind.COMPANY, name, List.of(), Map.of(), Facts.SRC);
    }

    @Test
    void aChangeShowsUpInSearchAndOnlyTheCompaniesItChangedAreRewritten() {
        Graph g = new Graph(FactStore.NONE);
        assertTrue(g.load(SyntheticGraph.generate(COMPANIES, 4)).rejected().isEmpty());
        assertEquals("C17", first(CompanySearchTest.whole(() -> search.search("t", g, "合成企业17", 5))));
        assertEquals(COMPANIES, g.search.written.get(), "the first search indexes every company once");

        g.load(new FactBatch().entity("t", 1, company("NEW", "新加入的星河半导体有限公司"))
                .shareholding("t", 2, new Shareholding("P3", "NEW", 0.7, null, null, null, null, Facts.SRC)));
        assertEquals("NEW", first(search.search("t", g, "星河半导体", 5)));
        assertEquals(COMPANIES + 1, g.search.written.get(), "only the new company's document was written");

        g.load(new FactBatch().entity("t", 1, company("C17", "更名后的远航物流股份有限公司")));
        assertEquals("C17", first(search.search("t", g, "远航物流", 5)), "the new name");
        assertEquals("C17", first(search.search("t", g, "合成企业17", 5)), "the old name, now a former name");
        assertEquals(COMPANIES + 2, g.search.written.get());

        int before = search.search("t", g, "自然人3", 50).hits().size();
        g.load(new FactBatch().entity("t", 1, new Entity("P3", EntityKind.PERSON, "欧阳明月", List.of(), Map.of(),
                Facts.SRC)));
        List<CompanySearch.Hit> renamed = search.search("t", g, "欧阳明月", 50).hits();
        assertTrue(renamed.stream().anyMatch(h -> h.id().equals("NEW")), renamed.toString());
        assertEquals(before, renamed.size(), "every company the person holds or serves in is found by the new name");
        long rewritten = g.search.written.get() - (COMPANIES + 2);
        assertTrue(rewritten > 0 && rewritten < 50, "only the person's companies were rewritten: " + rewritten);
        g.close();
    }

    @Test
    void aRestartOnAnUnchangedStoreReusesTheStoredIndexAndAChangedStoreRebuildsIt() {
        Path ref = data.resolve("reference/kg");
        Path tenant = data.resolve("tenants/t/kg");
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            assertTrue(g.load(SyntheticGraph.generate(STORED, 4)).rejected().isEmpty());
            assertEquals("C17", first(CompanySearchTest.whole(() -> search.search("t", g, "合成企业17", 5))));
            assertEquals(STORED, ((Graph) g).search.written.get());
        }
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            assertEquals("C17", first(search.search("t", g, "合成企业17", 5)));
            assertEquals(0, ((Graph) g).search.written.get(), "the stored index was reused as it is");
            g.load(new FactBatch().entity("t", 1, company("NEW", "新加入的星河半导体有限公司")));
            assertEquals("NEW", first(search.search("t", g, "星河半导体", 5)));
            assertEquals(1, ((Graph) g).search.written.get());
        }
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            assertEquals("NEW", first(search.search("t", g, "星河半导体", 5)), "the reopened index has the later write");
            assertEquals(0, ((Graph) g).search.written.get());
        }
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref)) {
            r.load(new FactBatch().entity("r", 1, company("REF1", "参考库新增企业")));
        }
        try (KnowledgeGraph g = KnowledgeGraphs.tenant(tenant, ref)) {
            assertEquals("REF1", first(CompanySearchTest.whole(() -> search.search("t", g, "参考库新增企业", 5))));
            assertEquals(STORED + 2, ((Graph) g).search.written.get(), "a changed store is indexed again whole");
        }
    }
}
