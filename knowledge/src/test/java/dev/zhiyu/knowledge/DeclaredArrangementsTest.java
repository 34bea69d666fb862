package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared nominees, concert parties acting through holding companies, and 50/50 holdings (issue 21, finding 6). */
class DeclaredArrangementsTest {
    private static final double E = 1e-9;

    /** A small BODS 0.4 file: statements added in order. */
    private static final class Bods {
        private final List<String> statements = new ArrayList<>();

        Bods entity(String id, String type, String name) {
            statements.add("""
                    {"statementId":"s-%1$s","recordId":"%1$s","recordType":"entity","statementDate":"2024-05-01",
                     "recordDetails":{"entityType":{"type":"%2$s"},"name":"%3$s"}}""".formatted(id, type, name));
            return this;
        }

        Bods person(String id, String name) {
            statements.add("""
                    {"statementId":"s-%1$s","recordId":"%1$s","recordType":"person","statementDate":"2024-05-01",
                     "recordDetails":{"personType":"knownPerson","names":[{"fullName":"%2$s"}]}}""".formatted(id, name));
            return this;
        }

        Bods relation(String id, String party, String subject, String interests) {
            statements.add("""
                    {"statementId":"s-%1$s","recordId":"%1$s","recordType":"relationship","statementDate":"2024-05-01",
                     "recordDetails":{"subject":"%3$s","interestedParty":"%2$s","interests":[%4$s]}}"""
                    .formatted(id, party, subject, interests));
            return this;
        }

        static String share(double pct, boolean beneficial) {
            return """
                    {"type":"shareholding","directOrIndirect":"direct","beneficialOwnershipOrControl":%s,
                     "share":{"exact":%s}}""".formatted(beneficial, pct);
        }

        static String of(String type) {
            return "{\"type\":\"%s\",\"directOrIndirect\":\"direct\",\"beneficialOwnershipOrControl\":false}".formatted(type);
        }

        KnowledgeGraph graph() {
            KnowledgeGraph g = KnowledgeGraphs.indexOnly();
            byte[] json = ("[" + String.join(",", statements) + "]").getBytes(StandardCharsets.UTF_8);
            ImportReport r = g.load(BodsImport.read("t.json", json));
            assertTrue(r.rejected().isEmpty(), r.rejected().toString());
            return g;
        }
    }

    private static Bods nomineeHolds60() {
        return new Bods().entity("A", "registeredEntity", "甲公司").person("N", "名义股东").person("P", "实际出资人")
                .person("Q", "其他股东").relation("r1", "N", "A", Bods.share(60, false))
                .relation("r2", "Q", "A", Bods.share(40, true));
    }

    private static void assertNominatorControls(KnowledgeGraph g) {
        Controller c = g.controller("甲公司");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals("实际出资人", c.controller().name());
        assertEquals(0.6, c.votes(), E);
        assertTrue(c.evidence().getFirst().steps().getFirst().source().source().contains("名义股东 名义股东 代 实际出资人"),
                c.evidence().toString());
        List<String> owners = g.beneficialOwners("甲公司").owners().stream().map(o -> o.person().name()).toList();
        assertTrue(owners.contains("实际出资人"), owners.toString());
        assertFalse(owners.contains("名义股东"), owners.toString());
        Ownership o = g.ownership("甲公司");
        assertEquals(0.6, o.ultimateHolders().stream().filter(h -> h.holder().name().equals("实际出资人")).findFirst()
                .orElseThrow().share(), E);
        assertTrue(o.ultimateHolders().stream().noneMatch(h -> h.holder().name().equals("名义股东")));
    }

    @Test
    void nominatorDeclaredOnTheCompanyGetsTheNomineesShares() {
        assertNominatorControls(nomineeHolds60().relation("r3", "P", "A", Bods.of("nominator")).graph());
    }

    @Test
    void nominatorOfTheNominationArrangementGetsTheNomineesShares() {
        assertNominatorControls(nomineeHolds60().entity("X", "arrangement", "代持安排")
                .relation("r3", "N", "X", Bods.of("nominee")).relation("r4", "P", "X", Bods.of("nominator"))
                .relation("r5", "X", "A", Bods.of("boardMember")).graph());
    }

    @Test
    void arrangementHoldingSharesBelongsToItsNominator() {
        KnowledgeGraph g = new Bods().entity("A", "registeredEntity", "甲公司").entity("X", "arrangement", "代持安排")
                .person("N", "名义股东").person("P", "实际出资人").person("Q", "其他股东")
                .relation("r1", "X", "A", Bods.share(70, false)).relation("r2", "Q", "A", Bods.share(30, true))
                .relation("r3", "N", "X", Bods.of("nominee")).relation("r4", "P", "X", Bods.of("nominator")).graph();
        Controller c = g.controller("甲公司");
        assertEquals("实际出资人", c.controller().name(), c.explanation());
        assertEquals(List.of("实际出资人", "代持安排", "甲公司"), c.chain().stream().map(Party::name).toList());
        assertEquals(0.7, g.ownership("甲公司").ultimateHolders().getFirst().share(), E);
    }

    @Test
    void nomineeWithoutDeclaredNominatorIsNeitherControllerNorOwner() {
        KnowledgeGraph g = nomineeHolds60().graph();
        Controller c = g.controller("甲公司");
        assertEquals(ControlStatus.INCOMPLETE, c.status(), c.explanation());
        assertNull(c.controller());
        BeneficialOwners bo = g.beneficialOwners("甲公司");
        assertTrue(bo.incomplete());
        assertTrue(bo.owners().stream().noneMatch(o -> o.person().name().equals("名义股东")), bo.owners().toString());
    }

    @Test
    void aSmallStakeDeclaredNotBeneficialIsAnOrdinaryHolding() {
        // below 25% the flag says the holder is not a beneficial owner because the stake is small, not that it is a nominee
        KnowledgeGraph g = new Bods().entity("A", "registeredEntity", "甲公司").person("S", "小股东").person("Q", "大股东")
                .relation("r1", "S", "A", Bods.share(10, false)).relation("r2", "Q", "A", Bods.share(90, true)).graph();
        assertFalse(g.ownership("甲公司").incomplete());
        assertEquals(0.1, g.ownership("甲公司").ultimateHolders().get(1).share(), E);
        assertEquals("大股东", g.controller("甲公司").controller().name());
    }

    @Test
    void concertPartyActingThroughAHoldingCompanyIsRepresentedByItsOwner() {
        // P1 owns H outright; H (20%) and P2 (15%) act in concert in listed A: 35% against Q's 25%
        KnowledgeGraph g = Facts.of().person("P1", "P2", "Q").company("H").listed("A").hold("P1", "H", 100)
                .hold("H", "A", 20).hold("P2", "A", 15).hold("Q", "A", 25).concert("A", "H", "P2").graph();
        Controller c = g.controller("A");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals(List.of("P1", "P2"), c.jointControllers().stream().map(Party::id).sorted().toList());
        EvidencePath viaH = c.evidence().stream().filter(p -> p.steps().getFirst().holder().id().equals("P1"))
                .findFirst().orElseThrow();
        assertEquals(List.of("H", "A"), viaH.steps().stream().map(s -> s.company().id()).toList());
        assertEquals(0.2, viaH.product(), E);
        BeneficialOwner p1 = g.beneficialOwners("A").owners().stream().filter(o -> o.person().id().equals("P1"))
                .findFirst().orElseThrow();
        assertTrue(p1.bases().contains(OwnerBasis.CONTROL), p1.bases().toString());
    }

    @Test
    void concertPartyWhoseOwnersAreUnknownLeavesJointControlIncomplete() {
        KnowledgeGraph g = Facts.of().person("P2", "Q").company("H").listed("A")
                .hold("H", "A", 20).hold("P2", "A", 15).hold("Q", "A", 25).concert("A", "H", "P2").graph();
        Controller c = g.controller("A");
        assertEquals(ControlStatus.INCOMPLETE, c.status(), c.explanation());
        assertTrue(c.gaps().stream().anyMatch(x -> x.contains("H")), c.gaps().toString());
    }

    @Test
    void equalHalvesWithoutAnArrangementIsIncompleteByPolicy() {
        KnowledgeGraph g = Facts.of().person("P", "Q").company("A").hold("P", "A", 50).hold("Q", "A", 50).graph();
        Controller c = g.controller("A");
        assertEquals(ControlStatus.INCOMPLETE, c.status(), c.explanation());
        assertEquals(ControlBasis.EQUAL_HALVES, c.basis());
        assertTrue(c.gaps().getFirst().contains("P、Q") && c.gaps().getFirst().contains("一致行动协议"), c.gaps().toString());
        // both are beneficial owners by their 50% either way
        assertEquals(2, g.beneficialOwners("A").owners().size());
    }

    @Test
    void equalHalvesWithAnAgreementOrABoardMajorityIsDecided() {
        KnowledgeGraph agreed = Facts.of().person("P", "Q").company("A").hold("P", "A", 50).hold("Q", "A", 50)
                .concert("A", "P", "Q").graph();
        Controller c = agreed.controller("A");
        assertEquals(ControlStatus.CONTROLLED, c.status(), c.explanation());
        assertEquals(List.of("P", "Q"), c.jointControllers().stream().map(Party::id).sorted().toList());
        KnowledgeGraph board = Facts.of().person("P", "Q", "D1", "D2", "D3").company("A").hold("P", "A", 50)
                .hold("Q", "A", 50).officer("D1", "A", OfficerRole.DIRECTOR, "P").officer("D2", "A", OfficerRole.DIRECTOR, "P")
                .officer("D3", "A", OfficerRole.DIRECTOR, "Q").graph();
        Controller b = board.controller("A");
        assertEquals("P", b.controller().id(), b.explanation());
        assertEquals(ControlBasis.BOARD_MAJORITY, b.basis());
    }
}
