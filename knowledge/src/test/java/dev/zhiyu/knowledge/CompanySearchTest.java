package dev.zhiyu.knowledge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void findsByShortNameFormerNameAndCodes() {
        KnowledgeGraph g = graph();
        CompanySearch search = new CompanySearch();
        assertEquals("中国民生银行股份有限公司", search.search("t", g, "民生银行", 5).getFirst().name());
        assertEquals("C2", search.search("t", g, "腾讯科技", 5).getFirst().id(), "a former name");
        assertEquals("600016", search.search("t", g, "600016", 5).getFirst().listingCode(), "a listing code");
        assertEquals("C3", search.search("t", g, "c3", 5).getFirst().id(), "a code, any case");
    }

    @Test
    void unrelatedNamesSharingOnlyTheLegalFormDoNotMatch() {
        List<CompanySearch.Hit> hits = new CompanySearch().search("t", graph(), "上海浦东发展银行股份有限公司", 5);
        assertTrue(hits.stream().noneMatch(h -> h.id().equals("C2")), hits.toString());
        assertTrue(new CompanySearch().search("t", graph(), "李四", 5).isEmpty(), "people are not companies");
    }
}
