package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Industry chain: every parent and weight kept, multi-hop traversal, companies in a chain (issue 21, finding 8). */
class ChainTest {
    private static FactBatch csv(String table, String text, FactBatch b) {
        return TableImport.csv(table, table + ".csv", new StringReader(text), b);
    }

    private static KnowledgeGraph graph(FactBatch b, int expectedRejects) {
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        ImportReport r = g.load(b);
        assertEquals(expectedRejects, r.rejected().size(), r.rejected().toString());
        return g;
    }

    /** 硅片 → 芯片 → 模组 → 通信设备 (基站 is one) → 运营服务; 车规芯片 sits under both 芯片 and 汽车电子. */
    static FactBatch chain() {
        FactBatch b = new FactBatch();
        csv("entities", """
                kind,code,name
                company,S,硅片厂
                company,C,芯片厂
                company,M,模组厂
                company,B,基站厂
                company,O,运营商
                company,V,车规厂
                """, b);
        csv("products", """
                code,name,parent,chains
                硅片,硅片,,半导体
                芯片,芯片,,半导体
                汽车电子,汽车电子,,汽车
                车规芯片,车规级芯片,芯片,
                车规芯片,车规级芯片,汽车电子,
                模组,模组,,
                通信设备,通信设备,,5G
                基站,5G基站,通信设备,
                运营服务,运营服务,,
                """, b);
        csv("product_links", """
                upstream,downstream
                硅片,芯片
                芯片,模组
                模组,通信设备
                基站,运营服务
                """, b);
        csv("company_products", """
                company,product,weight_pct
                S,硅片,90
                C,芯片,70
                V,车规芯片,40
                M,模组,100
                B,基站,80
                O,运营服务,
                """, b);
        return b;
    }

    @Test
    void secondParentAndWeightsAreKept() {
        KnowledgeGraph g = graph(chain(), 0);
        assertEquals(List.of("V"), g.relations().companiesInChain("汽车").stream().map(Party::id).toList());
        assertTrue(g.relations().companiesInChain("半导体").stream().anyMatch(p -> p.id().equals("V")));
        ChainMembers semis = g.relations().companiesInChain("半导体", 0, 10);
        assertEquals(List.of("S", "C", "V"), semis.companies().stream().map(m -> m.company().id()).toList());
        assertEquals(0.4, semis.companies().get(2).weight(), 1e-12);
        assertEquals(0.7, g.relations().chainNeighbours("芯片厂").weights().get("芯片"), 1e-12);
    }

    @Test
    void aRepeatedProductRowMergesParentsAndSaysSo() {
        ImportReport r = KnowledgeGraphs.indexOnly().load(chain());
        assertTrue(r.notes().stream().anyMatch(n -> n.message().contains("芯片、汽车电子")), r.notes().toString());
    }

    @Test
    void refusedRowsSayWhy() {
        FactBatch b = chain();
        csv("products", """
                code,name,parent
                孤儿,孤儿,不存在
                芯片,芯片,车规芯片
                """, b);
        csv("company_products", """
                company,product,weight_pct
                C,车规芯片,40
                M,硅片,101
                """, b);
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        List<BadRow> bad = g.load(b).rejected();
        assertEquals(4, bad.size(), bad.toString());
        assertTrue(bad.stream().anyMatch(x -> x.field().equals("parent") && x.message().contains("“不存在”不存在")),
                bad.toString());
        assertTrue(bad.stream().anyMatch(x -> x.field().equals("parent") && x.message().contains("成环")), bad.toString());
        assertTrue(bad.stream().anyMatch(x -> x.field().equals("weight") && x.message().contains("110.0000%")), bad.toString());
        assertTrue(bad.stream().anyMatch(x -> x.field().equals("weight_pct")), bad.toString());
        assertTrue(g.relations().companiesInChain("孤儿", 0, 5).companies().isEmpty());
    }

    @Test
    void multiHopOverLinksAndTheHierarchy() {
        KnowledgeGraph g = graph(chain(), 0);
        ChainNeighbours one = g.relations().chainNeighbours("模组厂", 1);
        assertEquals(List.of("芯片"), one.upstreamProducts());
        assertEquals(List.of("通信设备"), one.downstreamProducts());
        // 基站厂 makes 基站, a kind of 通信设备: it is downstream of 模组 one hop away
        ChainNeighbours.ChainHop equipment = one.downstream().getFirst();
        assertEquals("B", equipment.makers().getFirst().company().id());
        assertEquals("基站", equipment.makers().getFirst().product());
        assertEquals(0.8, equipment.makers().getFirst().weight(), 1e-12);
        ChainNeighbours two = g.relations().chainNeighbours("模组厂", 2);
        assertEquals(List.of("芯片", "硅片"), two.upstreamProducts());
        assertEquals(List.of("C", "V", "S"), two.upstreamCompanies().stream().map(Party::id).toList());
        // the second hop follows 基站's own link: 模组 → 通信设备 ⊃ 基站 → 运营服务
        ChainNeighbours.ChainHop service = two.downstream().get(1);
        assertEquals("运营服务", service.product());
        assertEquals(2, service.hops());
        assertEquals(List.of("模组", "通信设备", "基站", "运营服务"), service.path());
        assertNull(service.makers().getFirst().weight());
        assertThrows(InvalidQueryException.class, () -> g.relations().chainNeighbours("模组厂", ChainWalk.MAX_DEPTH + 1));
    }

    @Test
    void companiesInAChainArePaged() {
        KnowledgeGraph g = graph(chain(), 0);
        ChainMembers all = g.relations().companiesInChain("半导体", 0, 100);
        ChainMembers page = g.relations().companiesInChain("半导体", 1, 1);
        assertEquals(3, page.total());
        assertEquals(List.of(all.companies().get(1)), page.companies());
        assertEquals(List.of("B"), g.relations().companiesInChain("通信设备", 0, 10).companies().stream()
                .map(m -> m.company().id()).toList(), "a product code stands for its sub-tree");
    }

    @Test
    void productsStoredWithOneParentStillRead() {
        Product p = (Product) FactCodec.read("Product",
                "{\"id\":\"基站\",\"name\":\"基站\",\"parent\":\"通信设备\",\"chains\":[],\"source\":null}");
        assertEquals(List.of("通信设备"), p.parents());
        Product none = (Product) FactCodec.read("Product", "{\"id\":\"x\",\"name\":\"x\",\"parent\":null,\"chains\":[]}");
        assertEquals(List.of(), none.parents());
    }
}
