package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenancyAndSparqlTest {
    private static final String ZY = "PREFIX zy: <https://zhiyu.dev/kg#> ";

    @TempDir
    Path data;

    private Path ref() {
        return data.resolve("reference/kg");
    }

    private Path tenant(String slug) {
        return data.resolve("tenants/" + slug + "/kg");
    }

    private void reference() {
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref())) {
            ImportReport rep = r.load(Facts.of().person("张三").company("公共甲").hold("张三", "公共甲", 60).batch);
            assertTrue(rep.rejected().isEmpty(), rep.rejected().toString());
        }
    }

    @Test
    void referenceIsSharedAndTenantAdditionsArePrivateAndPersist() {
        reference();
        try (KnowledgeGraph t1 = KnowledgeGraphs.tenant(tenant("t1"), ref())) {
            assertEquals("张三", t1.controller("公共甲").controller().name());
            ImportReport rep = t1.load(Facts.of().company("私有乙").person("李四").hold("公共甲", "私有乙", 80)
                    .hold("李四", "公共甲", 30).batch);
            assertTrue(rep.rejected().isEmpty(), rep.rejected().toString());
            // the tenant's own holding changes its view of the shared company
            assertEquals(0.9, t1.ownership("公共甲").ultimateHolders().stream().mapToDouble(HolderShare::share).sum(), 1e-9);
            assertEquals("张三", t1.controller("私有乙").controller().name());
        }
        try (KnowledgeGraph t2 = KnowledgeGraphs.tenant(tenant("t2"), ref())) {
            assertTrue(t2.entity("私有乙").isEmpty());
            assertTrue(t2.entity("李四").isEmpty());
            assertThrows(UnknownEntityException.class, () -> t2.controller("私有乙"));
            assertEquals(0.6, t2.ownership("公共甲").shareOf("张三"), 1e-9);
            SparqlResult names = t2.sparql(ZY + "SELECT ?n WHERE { ?c zy:name ?n }", SparqlLimits.DEFAULT);
            assertFalse(names.rows().toString().contains("私有乙"), names.rows().toString());
            assertTrue(names.rows().toString().contains("公共甲"), names.rows().toString());
        }
        try (KnowledgeGraph again = KnowledgeGraphs.tenant(tenant("t1"), ref())) {
            assertEquals("私有乙", again.entity("私有乙").orElseThrow().name());
            SparqlResult rows = again.sparql(ZY + "SELECT ?n WHERE { ?c a zy:Company ; zy:name ?n } ORDER BY ?n",
                    SparqlLimits.DEFAULT);
            assertEquals(2, rows.rows().size(), rows.rows().toString());
        }
        try (KnowledgeGraph r = KnowledgeGraphs.open(ref())) {
            assertTrue(r.entity("私有乙").isEmpty(), "tenant writes never reach the reference graph");
        }
    }

    @Test
    void bulkFirstImportAndLaterUpdatesRoundTrip() {
        Path dir = data.resolve("bulk");
        FactBatch big = SyntheticGraph.generate(4_000, 3);
        assertTrue(big.size() > TdbStore.BULK, "exercises the bulk loader: " + big.size());
        String before;
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            assertTrue(g.load(big).rejected().isEmpty());
            g.load(Facts.of().company("C5").hold("P1", "C5", 1.0, null).batch);   // renamed entity + replaced holding
            before = summary(g);
        }
        long t = System.nanoTime();
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            System.out.printf("reopen %d ms%n", (System.nanoTime() - t) / 1_000_000);
            assertEquals(before, summary(g));
            SparqlResult guarantees = g.sparql(ZY + "SELECT (COUNT(*) AS ?n) WHERE { ?a zy:guarantees ?b }",
                    SparqlLimits.DEFAULT);
            assertTrue(Integer.parseInt(guarantees.rows().getFirst().get("n")) > 1_000, guarantees.rows().toString());
            SparqlResult c5 = g.sparql(ZY + "SELECT ?n WHERE { ?c zy:id \"C5\" ; zy:name ?n }", SparqlLimits.DEFAULT);
            assertEquals(1, c5.rows().size(), "an updated entity keeps one name: " + c5.rows());
        }
    }

    @Test
    void aBulkImportKeepsOnlyTheLastFactOfEachNode() {
        Entity first = new Entity("NEW", EntityKind.COMPANY, "新公司甲", List.of(), Map.of(), Facts.SRC);
        Entity other = new Entity("X", EntityKind.COMPANY, "其他", List.of(), Map.of(), Facts.SRC);
        Entity renamed = new Entity("NEW", EntityKind.COMPANY, "新公司乙", List.of(), Map.of(), Facts.SRC);
        Shareholding a = new Shareholding("P1", "NEW", 0.2, null, null, null, null, Facts.SRC);
        Shareholding b = new Shareholding("P1", "NEW", 0.3, null, null, null, null, Facts.SRC);
        Shareholding c = new Shareholding("P2", "NEW", 0.3, null, null, null, null, Facts.SRC);
        assertEquals("{0, 1}", TdbStore.replaced(List.of(first, a, other, renamed, b, c)).toString());
        // at scale, against the plain rule: a fact is replaced when a later one has the same node IRI
        List<Object> facts = new java.util.ArrayList<>();
        FactBatch big = SyntheticGraph.generate(3_000, 5);
        big.entities.forEach(l -> facts.add(l.fact()));
        big.shareholdings.forEach(l -> facts.add(l.fact()));
        big.officers.forEach(l -> facts.add(l.fact()));
        facts.addAll(facts.subList(0, 5_000));
        java.util.BitSet expected = new java.util.BitSet();
        Map<String, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            Integer before = last.put(TdbStore.iri(facts.get(i)), i);
            if (before != null) {
                expected.set(before);
            }
        }
        assertTrue(expected.cardinality() >= 5_000, "the copies replace their originals");
        assertEquals(expected, TdbStore.replaced(facts));
    }

    /** Answers that must survive a reopen, rounded so that summation order cannot matter. */
    private static String summary(KnowledgeGraph g) {
        StringBuilder b = new StringBuilder();
        for (String c : new String[] {"C5", "C77", "C2500", "C3999"}) {
            Profile p = g.profile(c);
            b.append(p.company()).append(p.directHolders()).append(p.directHoldings()).append(p.controller())
                    .append(new java.util.TreeSet<>(p.officers().stream().map(Object::toString).toList()))
                    .append(String.format("%.9f", p.ownership().missing()));
            p.ownership().ultimateHolders().forEach(h -> b.append(h.holder().id()).append(String.format("%.9f", h.share())));
        }
        return b.toString();
    }

    @Test
    void sparqlIsReadOnly() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(Facts.of().company("甲").batch);
        for (String update : new String[] {
                ZY + "INSERT DATA { zy:x zy:name \"注入\" }",
                "DROP ALL",
                "CLEAR DEFAULT",
                ZY + "DELETE WHERE { ?s ?p ?o }",
                "LOAD <http://example.org/x.ttl>"}) {
            SparqlException e = assertThrows(SparqlException.class, () -> g.sparql(update, SparqlLimits.DEFAULT), update);
            assertFalse(e.timeout);
        }
        assertThrows(SparqlException.class, () -> g.sparql(
                "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", SparqlLimits.DEFAULT));
        assertThrows(SparqlException.class, () -> g.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", SparqlLimits.DEFAULT));
        assertEquals(1, g.sparql(ZY + "SELECT ?n WHERE { ?c zy:name ?n }", SparqlLimits.DEFAULT).rows().size());
        assertEquals(Boolean.TRUE, g.sparql(ZY + "ASK { ?c zy:name \"甲\" }", SparqlLimits.DEFAULT).ask());
    }

    @Test
    void rowLimitAndTimeoutHold() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(SyntheticGraph.generate(300, 1));
        SparqlResult capped = g.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 100000", new SparqlLimits(5_000, 50));
        assertEquals(50, capped.rows().size());
        assertTrue(capped.truncated());
        SparqlResult small = g.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 7", new SparqlLimits(5_000, 50));
        assertEquals(7, small.rows().size());
        assertFalse(small.truncated());
        long t = System.nanoTime();
        SparqlException e = assertThrows(SparqlException.class, () -> g.sparql(
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", new SparqlLimits(300, 10)));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(e.timeout, e.getMessage());
        assertTrue(ms < 5_000, "timed out after " + ms + " ms");
    }
}
