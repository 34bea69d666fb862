package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportTest {

    private static FactBatch csv(String table, String text, FactBatch b) {
        return TableImport.csv(table, table + ".csv", new StringReader(text), b);
    }

    private static String messages(ImportReport r) {
        return r.rejected().toString();
    }

    @Test
    void csvImportResolvesByCodeThenNameAndReportsBadRows() {
        FactBatch b = new FactBatch();
        csv("entities", """
                kind,code,name,former_names,region,listing_code,source,source_date
                company,91110000100000001X,甲集团有限公司,甲集团公司,北京,,工商登记,2024-05-01
                company,91310000100000002Y,乙科技股份有限公司,,上海,688001,工商登记,2024-05-01
                person,P-110***1234,张三,,,,,
                state,G-SASAC,国务院国有资产监督管理委员会,,,,,
                bogus,X1,坏主体,,,,,
                company,,,,,,,
                """, b);
        csv("shareholdings", """
                holder,company,equity_pct,voting_pct,start_date,source,source_date
                张三,91110000100000001X,60,,2020-01-01,工商登记,2024-05-01
                国务院国有资产监督管理委员会,甲集团有限公司,40,,,,
                甲集团公司,乙科技股份有限公司,35%,,,年报,2024-04-30
                未登记公司,乙科技股份有限公司,10,,,,
                张三,乙科技股份有限公司,-5,,,,
                张三,乙科技股份有限公司,,,,,
                91110000100000001X,91110000100000001X,10,,,,
                国务院国有资产监督管理委员会,乙科技股份有限公司,70,,,,
                张三,乙科技股份有限公司,abc,,,,
                张三,乙科技股份有限公司,10,,2024-13-01,,
                张三,张三,10,,,,
                """, b);
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(b);
        assertEquals(4 + 3, r.accepted(), messages(r));
        List<BadRow> bad = r.rejected();
        assertEquals(10, bad.size(), messages(r));
        assertTrue(bad.contains(new BadRow("entities.csv", 6, "kind", "未知的主体类型：bogus（应为 company/person/state/other）")), messages(r));
        assertTrue(bad.contains(new BadRow("entities.csv", 7, "name", "不能为空")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 5 && "holder".equals(x.field()) && x.message().contains("未知主体")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 6 && "equity_pct".equals(x.field())), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 7 && x.message().contains("缺少持股比例")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 8 && x.message().contains("自身")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 9 && x.message().contains("105.0000%")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 10 && x.message().contains("不是数字")), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 11 && "start_date".equals(x.field())), messages(r));
        assertTrue(bad.stream().anyMatch(x -> x.row() == 12 && x.message().contains("不是企业")), messages(r));
        // resolved by former name; provenance kept
        assertEquals(0.35, g.ownership("乙科技股份有限公司").ultimateHolders().stream()
                .mapToDouble(HolderShare::share).sum(), 1e-9);
        EvidencePath p = g.holdingPaths("张三", "688001".equals("x") ? "" : "91310000100000002Y", 5).getFirst();
        assertEquals("工商登记", p.steps().getFirst().source().source());
        assertEquals("年报", p.steps().get(1).source().source());
        assertEquals(java.time.LocalDate.of(2024, 4, 30), p.steps().get(1).source().date());
        // rejected rows left nothing behind
        assertTrue(g.entity("坏主体").isEmpty());
        assertTrue(g.holdingPaths("国务院国有资产监督管理委员会", "91310000100000002Y", 5).stream()
                .allMatch(x -> x.steps().size() == 2));
    }

    @Test
    void concertAgreementsImportAndSurviveReopen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        FactBatch b = new FactBatch();
        csv("entities", "kind,code,name\nperson,P1,甲\nperson,P2,乙\ncompany,C1,公司\n", b);
        csv("shareholdings", "holder,company,equity_pct\nP1,C1,30\nP2,C1,25\n", b);
        csv("concerts", "company,parties,source\nC1,甲|乙,一致行动协议公告\nC1,甲,单方\n", b);
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            ImportReport r = g.load(b);
            assertEquals(1, r.rejected().size(), messages(r));
            assertEquals("parties", r.rejected().getFirst().field());
            assertEquals(2, g.controller("C1").jointControllers().size());
        }
        try (KnowledgeGraph g = KnowledgeGraphs.open(dir)) {
            Controller c = g.controller("C1");
            assertEquals(ControlBasis.VOTES_OVER_50, c.basis());
            assertEquals("一致行动人（甲、乙）", c.controller().name());
        }
    }

    @Test
    void residentIdNumbersNeverReachTheGraph() {
        FactBatch b = new FactBatch();
        csv("entities", "kind,code,name\nperson,110101199003071233,王五\ncompany,C9,丙公司\ncompany,110101199003071284,错用\n", b);
        csv("shareholdings", "holder,company,equity_pct\n110101199003071233,C9,80\n", b);
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(b);
        assertEquals(1, r.rejected().size(), messages(r));
        assertEquals("code", r.rejected().getFirst().field());
        Entity p = g.entity("110101199003071233").orElseThrow();   // resolvable by the number …
        assertTrue(p.id().startsWith("pid:"), p.id());              // … which is not stored
        assertEquals("110101********1233", p.attribute("maskedId"));
        assertEquals("王五", g.controller("C9").controller().name());
        SparqlResult all = g.sparql("SELECT ?o WHERE { ?s ?p ?o }", SparqlLimits.DEFAULT);
        assertTrue(all.rows().stream().noneMatch(row -> row.toString().contains("19900307")), "no raw number in the store");
    }

    @Test
    void unknownColumnRejectsWholeFile() {
        FactBatch b = csv("entities", "kind,name,colour\ncompany,甲,red\n", new FactBatch());
        assertEquals(0, b.size());
        assertEquals("colour", b.rejected().getFirst().field());
    }

    @Test
    void jsonFormatNamesTableAndRow() {
        String doc = """
                {"entities": [{"kind": "company", "code": "C1", "name": "甲"}, {"kind": "person", "name": "李四"},
                              {"kind": "company", "name": "乙", "colour": "red"}],
                 "shareholdings": [{"holder": "李四", "company": "C1", "equity_pct": 80},
                                   {"holder": "李四", "company": "C1", "equity_pct": 120}],
                 "events": [{"company": "C1", "type": "处罚", "title": "无日期"}]}
                """;
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(TableImport.json("kg.json", doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, r.accepted(), messages(r));
        assertTrue(r.rejected().contains(new BadRow("kg.json#entities", 3, "colour",
                "未知字段；可用字段为 " + RowReader.COLUMNS.get("entities"))), messages(r));
        assertTrue(r.rejected().stream().anyMatch(x -> x.file().equals("kg.json#shareholdings") && x.row() == 2), messages(r));
        assertTrue(r.rejected().stream().anyMatch(x -> x.file().equals("kg.json#events") && "date".equals(x.field())), messages(r));
        assertEquals("李四", g.controller("C1").controller().name());
    }

    @Test
    void malformedJsonIsOneBadRow() {
        ImportReport r = KnowledgeGraphs.inMemory().load(TableImport.json("x.json", "{".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, r.accepted());
        assertTrue(r.rejected().getFirst().message().startsWith("JSON 格式错误"));
    }
}
