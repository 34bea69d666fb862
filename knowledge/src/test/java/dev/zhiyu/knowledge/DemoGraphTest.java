package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo graph, loaded into a real graph: what the engine computes on it is what the demo promises. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoGraphTest {
    private final FactBatch batch = DemoGraph.generate(2026);
    private KnowledgeGraph graph;

    @BeforeAll
    void load() {
        graph = KnowledgeGraphs.indexOnly(); // the computations read the index; TDB2 writes would only add time
        ImportReport r = graph.load(DemoGraph.generate(2026));
        assertEquals(List.of(), r.rejected(), "every demo fact is accepted");
    }

    @AfterAll
    void close() {
        graph.close();
    }

    private List<Entity> companies() {
        return batch.entities.stream().map(Located::fact).filter(e -> e.kind() == EntityKind.COMPANY).toList();
    }

    @Test
    void sameSeedSameGraphAboutTwoHundredCompanies() {
        List<String> names = companies().stream().map(Entity::name).toList();
        assertEquals(names, DemoGraph.generate(2026).entities.stream().map(Located::fact)
                .filter(e -> e.kind() == EntityKind.COMPANY).map(Entity::name).toList());
        assertNotEquals(names, DemoGraph.generate(7).entities.stream().map(Located::fact)
                .filter(e -> e.kind() == EntityKind.COMPANY).map(Entity::name).toList());
        assertTrue(names.size() >= 180 && names.size() <= 230, names.size() + " companies");
        assertEquals(names.size(), names.stream().distinct().count(), "names are unique");
    }

    @Test
    void noCompanyHasMoreThanAllItsShares() {
        Map<String, Double> total = new HashMap<>();
        batch.shareholdings.forEach(l -> total.merge(l.fact().company(), l.fact().equity(), Double::sum));
        total.forEach((c, t) -> assertTrue(t <= 1.0 + 1e-9, c + " holders sum to " + t));
    }

    @Test
    void listedCompaniesHaveUniqueStockCodesAndAPersonInControl() {
        List<Entity> listed = companies().stream().filter(Entity::listed).toList();
        assertTrue(listed.size() >= 20, listed.size() + " listed");
        assertEquals(listed.size(), listed.stream().map(e -> e.attribute("listingCode")).distinct().count());
        for (Entity e : listed) {
            assertTrue(e.attribute("listingCode").matches("(60[013]|00[02]|300|688)\\d{3}"), e.attribute("listingCode"));
            Controller c = graph.controller(e.id());
            assertEquals(ControlStatus.CONTROLLED, c.status(), e.name() + ": " + c.explanation());
            assertTrue(c.controller().kind() == EntityKind.PERSON || !c.jointControllers().isEmpty(), e.name());
        }
    }

    @Test
    void threeFoundersControlOneListedCompanyTogether() {
        String company = batch.concerts.getFirst().fact().company();
        Controller c = graph.controller(company);
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals(3, c.jointControllers().size(), c.toString());
    }

    @Test
    void aCrossHoldingCycleAGuaranteeCircleAndChainsAreThere() {
        long cycles = batch.shareholdings.stream().map(Located::fact).filter(s -> !s.holder().startsWith("demo-person"))
                .filter(s -> !graph.holdingPaths(s.company(), s.holder(), 1).isEmpty()).count();
        assertTrue(cycles >= 1, "a company holds (part of) a company above it");
        assertTrue(companies().stream().anyMatch(e -> !graph.relations().guaranteeCircles(e.id()).isEmpty()));
        for (String chain : List.of("新能源汽车", "集成电路", "光伏")) {
            assertFalse(graph.relations().companiesInChain(chain).isEmpty(), chain);
        }
        Entity maker = companies().stream().filter(e -> "动力电池".equals(product(e.id()))).findFirst().orElseThrow();
        ChainNeighbours n = graph.relations().chainNeighbours(maker.id());
        assertFalse(n.upstreamCompanies().isEmpty(), n.toString());
        assertFalse(n.downstreamCompanies().isEmpty(), n.toString());
    }

    private String product(String company) {
        String id = batch.produces.stream().map(Located::fact).filter(p -> p.company().equals(company))
                .map(Produces::product).findFirst().orElse(null);
        return batch.products.stream().map(Located::fact).filter(p -> p.id().equals(id)).map(Product::name)
                .findFirst().orElse(null);
    }
}
