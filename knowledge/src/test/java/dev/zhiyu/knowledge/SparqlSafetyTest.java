package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPARQL behind a query-plan check (issue 21, finding 3) and real cancellation, bounds and per-tenant concurrency
 * (finding 4).
 */
class SparqlSafetyTest {
    private static final String ZY = "PREFIX zy: <" + Vocabulary.term("") + ">\n";
    private static KnowledgeGraph big;

    @BeforeAll
    static void bigGraph() {
        big = KnowledgeGraphs.inMemory();
        big.load(SyntheticGraph.generate(5_000, 7));
    }

    @AfterAll
    static void close() {
        big.close();
    }

    @Test
    void serviceAnywhereInThePlanIsRefusedAndNothingIsContacted() throws Exception {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(Facts.of().company("甲").batch);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger contacts = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        contacts.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            String svc = "SERVICE <http://127.0.0.1:" + listener.getLocalPort() + "/sparql?leak=1> { ?x ?y ?z }";
            List<String> queries = List.of(
                    "SELECT * { ?s ?p ?o " + svc + " }",
                    "SELECT * { { SELECT ?x { " + svc + " } } }",
                    ZY + "SELECT * { ?c zy:name ?n FILTER EXISTS { " + svc + " } }",
                    ZY + "SELECT * { ?c zy:name ?n FILTER NOT EXISTS { " + svc + " } }",
                    ZY + "SELECT * { ?c zy:name ?n OPTIONAL { " + svc + " } }",
                    ZY + "SELECT * { { ?c zy:name ?n } UNION { " + svc + " } }",
                    ZY + "SELECT * { ?c zy:name ?n MINUS { " + svc + " } }",
                    ZY + "SELECT * { ?c zy:name ?n BIND(EXISTS { " + svc + " } AS ?b) }",
                    ZY + "SELECT ?n (COUNT(*) AS ?k) { ?c zy:name ?n } GROUP BY ?n HAVING (EXISTS { " + svc + " })",
                    ZY + "ASK { ?c zy:name ?n FILTER (?n = \"甲\" || NOT EXISTS { { SELECT * { " + svc + " } } }) }",
                    "SELECT * { ?s ?p ?o SERVICE ?ep { ?x ?y ?z } VALUES ?ep { <http://127.0.0.1:"
                            + listener.getLocalPort() + "/> } }");
            for (String q : queries) {
                SparqlException e = assertThrows(SparqlException.class, () -> g.sparql(q, new SparqlLimits(2_000, 10)), q);
                assertEquals(SparqlException.Reason.REJECTED, e.reason, q);
                assertTrue(e.getMessage().contains("SERVICE"), e.getMessage());
            }
            Thread.sleep(100);
            assertEquals(0, contacts.get(), "no query may reach the network");
        }
    }

    @Test
    void datasetClausesThatLoadDocumentsAreRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.ttl");
        Files.writeString(secret, "<urn:a> <urn:b> \"机密内容\" .\n");
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(Facts.of().company("甲").batch);
        for (String q : List.of(
                "SELECT * FROM <" + secret.toUri() + "> { ?s ?p ?o }",
                "SELECT * FROM NAMED <" + secret.toUri() + "> { GRAPH ?g { ?s ?p ?o } }")) {
            SparqlException e = assertThrows(SparqlException.class, () -> g.sparql(q, SparqlLimits.DEFAULT), q);
            assertEquals(SparqlException.Reason.REJECTED, e.reason);
            assertTrue(e.getMessage().contains("FROM"), e.getMessage());
        }
    }

    @Test
    void functionsLoadedByJavaClassNameAreRefused() {
        for (String q : List.of("SELECT * { ?s ?p ?o FILTER(<java:java.lang.Runtime>(?o)) }",
                "SELECT * { ?s <java:org.apache.jena.sparql.pfunction.library.splitIRI> ?o }")) {
            SparqlException e = assertThrows(SparqlException.class, () -> big.sparql(q, SparqlLimits.DEFAULT), q);
            assertEquals(SparqlException.Reason.REJECTED, e.reason, q);
            assertTrue(e.getMessage().contains("Java"), e.getMessage());
        }
    }

    @Test
    void runawayPropertyPathStopsAtTheTimeoutAndLeavesNoThread() {
        String hostile = "SELECT ?a ?b { ?a (!<urn:x>|^!<urn:x>)* ?b } LIMIT 5";
        long t = System.nanoTime();
        SparqlException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(SparqlException.class, () -> big.sparql(hostile, new SparqlLimits(500, 10))));
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(e.reason != SparqlException.Reason.BUSY, e.getMessage());
        assertTrue(ms < 4_000, "answered after " + ms + " ms for a 500 ms timeout (it ran 281 s before cancellation was real)");
        assertTimeoutPreemptively(QUERY_THREAD_GONE, SparqlSafetyTest::awaitNoQueryThread);
    }

    @Test
    void heavyQueriesBeyondTheTenantsSlotsAreBusyAndSlotsComeBack() throws Exception {
        String hostile = "SELECT ?a ?b { ?a (!<urn:x>|^!<urn:x>)* ?b } LIMIT 5";
        int copies = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<SparqlException.Reason> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < copies; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    big.sparql(hostile, new SparqlLimits(1_500, 10));
                } catch (SparqlException e) {
                    reasons.add(e.reason);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread th : threads) {
            th.join(20_000);
        }
        assertEquals(copies, reasons.size(), reasons.toString());
        assertTrue(reasons.stream().filter(r -> r == SparqlException.Reason.BUSY).count() >= copies - SparqlRunner.PER_TENANT,
                reasons.toString());
        assertTimeoutPreemptively(QUERY_THREAD_GONE, SparqlSafetyTest::awaitNoQueryThread);
        assertEquals(1, big.sparql("SELECT * { ?s ?p ?o } LIMIT 1", SparqlLimits.DEFAULT).rows().size(), "slots came back");
    }

    @Test
    void hugeUnionIsAClearRejectionNotAnError() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(Facts.of().company("甲").batch);
        for (int branches : new int[] {5_000, 30_000}) {
            StringBuilder b = new StringBuilder("SELECT * { ");
            for (int i = 0; i < branches; i++) {
                b.append(i == 0 ? "" : " UNION ").append("{ ?s <urn:p").append(i).append("> ?o }");
            }
            String q = b.append(" }").toString();
            assertTrue(q.length() < 1_000_000);
            // a long deadline: the refusal must come from the query's size, not from a loaded machine's clock
            SparqlException e = assertThrows(SparqlException.class, () -> g.sparql(q, new SparqlLimits(60_000, 10)));
            assertEquals(SparqlException.Reason.REJECTED, e.reason, e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
        assertEquals(1, g.sparql("SELECT * { { ?s ?p ?o } UNION { ?s ?p ?o } } LIMIT 1", SparqlLimits.DEFAULT).rows().size());
    }

    @Test
    void tripleBudgetBoundsAQueryWithinItsTime() {
        SparqlException e = assertThrows(SparqlException.class, () -> big.sparql(
                "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }", new SparqlLimits(60_000, 10)));
        assertEquals(SparqlException.Reason.REJECTED, e.reason, e.getMessage());
        assertTrue(e.getMessage().contains("三元组"), e.getMessage());
    }

    /** Cancelled query threads end promptly; the bound is loose because CI machines run other builds beside us. */
    private static final Duration QUERY_THREAD_GONE = Duration.ofSeconds(10);

    private static void awaitNoQueryThread() throws InterruptedException {
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(th -> th.getName().equals("kg-sparql") && th.isAlive())) {
            Thread.sleep(20);
        }
    }
}
