package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BodsImportTest {
    static final Path DIR = Path.of("../../shared/data/kg/bods_examples_openownership");

    static FactBatch example(String name) {
        Path f = DIR.resolve(name);
        if (!Files.exists(f)) {
            fail("缺少 BODS 示例 " + f.toAbsolutePath() + "：测试需要 shared/data 位于检出目录旁");
        }
        try {
            return BodsImport.read(name, Files.readAllBytes(f));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void indirectInterestDeclaredWhileChainIsIncomplete() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(example("indirect-ownership.json"));
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        // Company B holds 60% of A; Person 1 holds B with an undisclosed share, declares 30% of A indirectly
        Ownership o = g.ownership("Company A");
        assertTrue(o.incomplete());
        assertTrue(o.unknownShares());
        BeneficialOwners bo = g.beneficialOwners("Company A");
        BeneficialOwner p = bo.owners().getFirst();
        assertEquals("Person 1", p.person().name());
        assertTrue(p.bases().contains(OwnerBasis.DECLARED));
        DeclaredInterest d = p.declared().getFirst();
        assertEquals("indirect", d.directOrIndirect());
        assertEquals(0.30, d.min(), 1e-9);
        assertEquals(3, d.components().size());
        assertTrue(d.source().source().contains("7fff3986") || d.source().source().contains("cdb6acc7"), d.source().source());
        assertEquals(java.time.LocalDate.of(2018, 12, 17), d.source().date());
        // the known part of the chain is kept with its provenance
        EvidencePath path = g.holdingPaths("Company B", "Company A", 1).getFirst();
        assertEquals(0.6, path.product(), 1e-9);
        assertTrue(path.steps().getFirst().source().source().contains("7fff3986"));
        assertEquals("GB-COH:XE9999", g.entity("Company A").orElseThrow().id());
    }

    @Test
    void stateOwnedFinnishGroupEndsAtTheMinistry() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(example("bods-package-fi-soe.json"));
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        // 76.5% via Suomen Kaasuverkko (100% ministry) + 23.5% direct = 100% effective state ownership
        assertEquals(1.0, g.ownership("Gasgrid Finland Oy").shareOf("bods:7ff95ba3682c"), 1e-9);
        Controller c = g.controller("Gasgrid Finland Oy");
        assertEquals(ControlStatus.CONTROLLED, c.status());
        assertEquals("Valtiovarainministerio", c.controller().name());
        assertTrue(c.stateOwned());
        assertEquals("Suomen Kaasuverkko Oy", c.controllingShareholder().name());
        assertFalse(g.ownership("Gasgrid Finland Oy").incomplete());
        assertTrue(g.entity("Finansministeriet").isPresent());   // alternate name resolves
    }

    @Test
    void everyExampleImportsWithOnlyExplainedRejections() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                KnowledgeGraph g = KnowledgeGraphs.inMemory();
                ImportReport r = g.load(BodsImport.read(f.getFileName().toString(), Files.readAllBytes(f)));
                assertTrue(r.accepted() > 0, f.toString());
                r.rejected().forEach(b -> assertTrue(b.message().contains("未披露") || b.message().contains("不存在")
                        || b.message().contains("超过 100%"), f + ": " + b));
            }
        }
    }

    @Test
    void mixedDirectAndIndirectAndJointOwnership() {
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        ImportReport r = g.load(example("joint-ownership.json"));
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertFalse(g.size() == 0);
    }
}
