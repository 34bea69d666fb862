package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenSPG supply-chain demo graph (Apache-2.0, ../shared/data/kg): products as "-" paths with industries and
 * downstream supply chains, companies with their products, persons as legal representatives (masked names resolved by
 * name). Mapped here onto our tables; expected answers are computed from the raw CSV in this test, not by the graph.
 */
class OpenSpgSupplyChainTest {
    static final Path DIR = Path.of("../../shared/data/kg/openspg_supplychain_riskmining/supplychain");
    static final Provenance SRC = new Provenance("OpenSPG supplychain demo", null);
    static List<Map<String, String>> products;
    static List<Map<String, String>> companies;
    static KnowledgeGraph graph;
    static ImportReport report;

    static List<Map<String, String>> read(String file) {
        Path f = DIR.resolve(file);
        if (!Files.exists(f)) {
            fail("缺少 OpenSPG 示例数据 " + f.toAbsolutePath() + "：测试需要 shared/data 位于检出目录旁");
        }
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                rows.add(rec.toMap());
            }
            return rows;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.split(","));
    }

    @BeforeAll
    static void load() {
        products = read("Product.csv");
        companies = read("Company.csv");
        FactBatch b = new FactBatch();
        Map<String, List<String>> chains = new LinkedHashMap<>();
        products.forEach(p -> chains.put(p.get("fullname"), List.of(last(p.get("belongToIndustry")))));
        // every referenced path becomes a product node; its prefix is its parent (OpenSPG's concept hierarchy)
        companies.forEach(c -> split(c.get("products")).forEach(p -> chains.putIfAbsent(p, List.of())));
        products.forEach(p -> split(p.get("hasSupplyChain")).forEach(d -> chains.putIfAbsent(d, List.of())));
        new ArrayList<>(chains.keySet()).forEach(p -> {
            for (String pre = parent(p); pre != null; pre = parent(pre)) {
                chains.putIfAbsent(pre, List.of());
            }
        });
        int row = 0;
        for (var p : chains.entrySet()) {
            b.product("Product.csv", ++row, new Product(p.getKey(), last(p.getKey()), parent(p.getKey()), p.getValue(), SRC));
        }
        row = 0;
        for (var p : products) {
            row++;
            for (String d : split(p.get("hasSupplyChain"))) {
                b.productLink("Product.csv", row, new ProductLink(p.get("fullname"), d, SRC));
            }
        }
        row = 0;
        for (var c : companies) {
            b.entity("Company.csv", ++row, new Entity(c.get("id"), EntityKind.COMPANY, c.get("name"), List.of(), Map.of(), SRC));
            for (String p : split(c.get("products"))) {
                b.produces("Company.csv", row, new Produces(c.get("id"), p, SRC));
            }
        }
        row = 0;
        for (var p : read("Person.csv")) {
            b.entity("Person.csv", ++row, new Entity("spg-person-" + p.get("id"), EntityKind.PERSON, p.get("name"),
                    List.of(), Map.of(), SRC));
            for (String company : split(p.get("legalRep"))) {
                b.officer("Person.csv", row, new Officer("spg-person-" + p.get("id"), company,
                        OfficerRole.LEGAL_REPRESENTATIVE, null, SRC));
            }
        }
        graph = KnowledgeGraphs.inMemory();
        report = graph.load(b);
    }

    static String parent(String path) {
        int i = path.lastIndexOf('-');
        return i < 0 ? null : path.substring(0, i);
    }

    static String last(String path) {
        return path.substring(path.lastIndexOf('-') + 1);
    }

    @Test
    void everythingResolves() {
        assertTrue(report.rejected().isEmpty(), report.rejected().toString());
        // masked names (传化****限公司) resolve to the one company that has them
        assertTrue(graph.relations().relatedParties("传化****限公司").stream()
                .anyMatch(r -> r.party().kind() == EntityKind.PERSON && r.reasons().contains("董监高：法定代表人")));
    }

    @Test
    void downstreamOfButadieneRubberMaker() {
        String target = "商品化工-橡胶-合成橡胶-顺丁橡胶";
        Set<String> down = products.stream().filter(p -> p.get("fullname").equals(target))
                .flatMap(p -> split(p.get("hasSupplyChain")).stream()).collect(Collectors.toSet());
        // a maker of a sub-product (a longer "-" path) makes the product too
        Set<String> expected = companies.stream().filter(c -> split(c.get("products")).stream()
                        .anyMatch(p -> down.stream().anyMatch(d -> p.equals(d) || p.startsWith(d + "-"))))
                .map(c -> c.get("id")).filter(id -> !id.equals("CSF0000001579")).collect(Collectors.toCollection(TreeSet::new));
        ChainNeighbours n = graph.relations().chainNeighbours("CSF0000001579");
        assertEquals(List.of(target), n.products());
        assertEquals(new TreeSet<>(down), new TreeSet<>(n.downstreamProducts()));
        assertTrue(n.upstreamProducts().isEmpty());
        assertEquals(expected, n.downstreamCompanies().stream().map(Party::id).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(40, expected.size());
    }

    @Test
    void companiesInTheTyreAndRubberChain() {
        Map<String, String> industry = new HashMap<>();
        products.forEach(p -> industry.put(p.get("fullname"), last(p.get("belongToIndustry"))));
        Set<String> expected = new TreeSet<>();
        for (var c : companies) {
            for (String p : split(c.get("products"))) {
                for (String pre = p; pre != null; pre = parent(pre)) {
                    if ("轮胎与橡胶".equals(industry.get(pre))) {
                        expected.add(c.get("id"));
                    }
                }
            }
        }
        assertEquals(expected, graph.relations().companiesInChain("轮胎与橡胶").stream().map(Party::id)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertTrue(expected.size() > 10, "a real chain, not an empty match: " + expected.size());
    }
}
