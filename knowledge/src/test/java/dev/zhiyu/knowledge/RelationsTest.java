package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RelationsTest {

    private static Set<String> ids(List<Party> parties) {
        return parties.stream().map(Party::id).collect(Collectors.toSet());
    }

    @Test
    void guaranteeCircleAndChain() {
        KnowledgeGraph g = Facts.of().company("A", "B", "C", "D", "E")
                .guarantee("A", "B").guarantee("B", "C").guarantee("C", "A")   // circle A→B→C→A
                .guarantee("C", "D").guarantee("D", "E")                       // chain off the circle
                .graph();
        List<List<Party>> circles = g.relations().guaranteeCircles("A");
        assertEquals(1, circles.size());
        assertEquals(List.of("A", "B", "C"), circles.getFirst().stream().map(Party::id).toList());
        assertTrue(g.relations().guaranteeCircles("D").isEmpty());
        assertTrue(g.profile("B").tags().contains("担保圈成员"));
        assertFalse(g.profile("E").tags().contains("担保圈成员"));
    }

    @Test
    void capitalGroupAndRelatedParties() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "O").company("H", "S1", "S2", "X", "Y")
                .hold("P", "H", 70).hold("Q", "H", 30).hold("H", "S1", 100).hold("H", "S2", 51).hold("Q", "S2", 49)
                .hold("Q", "X", 100).hold("X", "Y", 20).hold("Y", "X", 0)
                .officer("O", "S1", OfficerRole.DIRECTOR, null).officer("O", "X", OfficerRole.MANAGER, null)
                .guarantee("S1", "Y").graph();
        assertEquals(Set.of("H", "S1", "S2"), ids(g.relations().capitalGroup("P")));
        List<RelatedParty> related = g.relations().relatedParties("S1");
        var byId = related.stream().collect(Collectors.toMap(r -> r.party().id(), RelatedParty::reasons));
        assertTrue(byId.get("S2").contains("同一实际控制人：P"), byId.toString());
        assertTrue(byId.get("P").contains("实际控制人"), byId.toString());
        assertTrue(byId.get("X").contains("共同任职人员：O"), byId.toString());
        assertTrue(byId.get("Y").contains("为其担保"), byId.toString());
        assertTrue(byId.get("H").contains("持股5%以上股东"), byId.toString());
    }

    @Test
    void kShortestPathsWithRelationTypes() {
        KnowledgeGraph g = Facts.of().person("P").company("A", "B", "C", "D")
                .hold("P", "A", 100).hold("A", "B", 100).hold("P", "C", 100).hold("C", "D", 60).hold("B", "D", 40)
                .guarantee("A", "D").graph();
        List<RelationPath> paths = g.relations().paths("P", "D", 3, 4);
        assertEquals(3, paths.size());
        assertEquals(2, paths.get(0).relations().size());
        assertTrue(paths.get(2).relations().size() >= paths.get(1).relations().size());
        assertTrue(paths.stream().anyMatch(p -> p.relations().equals(List.of("持股", "担保"))), paths.toString());
        assertTrue(paths.stream().anyMatch(p -> p.relations().equals(List.of("持股", "持股"))), paths.toString());
        assertTrue(g.relations().paths("P", "D", 3, 1).isEmpty());
    }

    @Test
    void industryChainNeighboursAndNamedChain() {
        FactBatch b = Facts.of().company("芯片厂", "模组厂", "基站厂", "运营商").batch;
        Provenance src = Facts.SRC;
        b.product("p", 1, new Product("通信设备", "通信设备", (String) null, List.of("5G"), src));
        b.product("p", 2, new Product("基站", "5G基站", "通信设备", List.of(), src));
        b.product("p", 3, new Product("射频芯片", "射频芯片", (String) null, List.of(), src));
        b.product("p", 4, new Product("射频模组", "射频模组", (String) null, List.of(), src));
        b.product("p", 5, new Product("孤儿", "孤儿", "不存在", List.of(), src));
        b.productLink("l", 1, new ProductLink("射频芯片", "射频模组", src));
        b.productLink("l", 2, new ProductLink("射频模组", "基站", src));
        b.produces("m", 1, new Produces("芯片厂", "射频芯片", src));
        b.produces("m", 2, new Produces("模组厂", "射频模组", src));
        b.produces("m", 3, new Produces("基站厂", "基站", src));
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(b);
        assertEquals(1, r.rejected().size(), r.rejected().toString());
        assertEquals("parent", r.rejected().getFirst().field());
        ChainNeighbours n = g.relations().chainNeighbours("模组厂");
        assertEquals(List.of("射频芯片"), n.upstreamProducts());
        assertEquals(List.of("基站"), n.downstreamProducts());
        assertEquals(Set.of("芯片厂"), ids(n.upstreamCompanies()));
        assertEquals(Set.of("基站厂"), ids(n.downstreamCompanies()));
        assertEquals(Set.of("基站厂"), ids(g.relations().companiesInChain("5G")));
        assertTrue(g.profile("基站厂").tags().contains("产业链：5G"));
    }
}
