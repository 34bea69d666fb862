package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipTest {
    private static final double E = 1e-9;

    @Test
    void chainMultipliesShares() {
        KnowledgeGraph g = Facts.of().person("P").company("A", "B", "C")
                .hold("P", "A", 60).hold("A", "B", 50).hold("B", "C", 40).graph();
        assertEquals(0.6 * 0.5 * 0.4, g.ownership("C").shareOf("P"), E);
        List<EvidencePath> paths = g.holdingPaths("P", "C", 5);
        assertEquals(1, paths.size());
        assertEquals(3, paths.getFirst().steps().size());
        assertEquals("P", paths.getFirst().steps().getFirst().holder().id());
        assertEquals(0.12, paths.getFirst().product(), E);
    }

    @Test
    void diamondSumsPaths() {
        // P holds A 100%; A holds B 40% and C 60%; B holds D 50%, C holds D 50%
        KnowledgeGraph g = Facts.of().person("P", "Q", "R").company("A", "B", "C", "D")
                .hold("P", "A", 100).hold("A", "B", 40).hold("Q", "B", 60).hold("A", "C", 60).hold("R", "C", 40)
                .hold("B", "D", 50).hold("C", "D", 50).graph();
        assertEquals(0.4 * 0.5 + 0.6 * 0.5, g.ownership("D").shareOf("P"), E);
        assertEquals(2, g.holdingPaths("P", "D", 10).size());
        assertFalse(g.ownership("D").incomplete());
    }

    @Test
    void crossHoldingFixedPointNotNaive() {
        // X holds 50% of A, Y 50% of B, A and B hold 50% of each other.
        KnowledgeGraph g = Facts.of().person("X", "Y").company("A", "B")
                .hold("X", "A", 50).hold("B", "A", 50).hold("Y", "B", 50).hold("A", "B", 50).graph();
        Ownership a = g.ownership("A");
        // fixed point: V_A(X) = 0.5 + 0.5·V_B(X), V_B(X) = 0.5·V_A(X) → 2/3; Y gets 1/3: ultimate holders sum to 100%
        assertEquals(2.0 / 3, a.shareOf("X"), E);
        assertEquals(1.0 / 3, a.shareOf("Y"), E);
        assertEquals(1.0, a.shareOf("X") + a.shareOf("Y"), E);
        // A's own effective share in B is its direct 50%: the walk A→B→A→B… (naive sum 0.5+0.125+… = 2/3) is not counted
        PenetrationNode up = g.penetrate("B", Direction.UP, 3, 100);
        PenetrationNode aNode = up.children().stream().filter(n -> n.party().id().equals("A")).findFirst().orElseThrow();
        assertEquals(0.5, aNode.effective(), E);
        double naive = 0;
        for (int k = 0; k < 60; k++) {
            naive += 0.5 * Math.pow(0.25, k);
        }
        assertTrue(naive > aNode.effective() + 0.1, "naive walk sum overstates: " + naive);
        PenetrationNode down = g.penetrate("X", Direction.DOWN, 3, 100);
        assertEquals(2.0 / 3, down.children().getFirst().effective(), E);
    }

    @Test
    void closedLoopWithNobodyOutsideIsIncompleteAndCircular() {
        KnowledgeGraph g = Facts.of().company("A", "B").hold("A", "B", 100).hold("B", "A", 100).graph();
        assertTrue(g.ownership("A").incomplete());
        assertTrue(g.ownership("A").ultimateHolders().isEmpty());
        Controller c = g.controller("A");
        assertEquals(ControlStatus.NO_CONTROLLER, c.status());
        assertNull(c.controller());
    }

    @Test
    void exactlyTwentyFivePercentIsBeneficialOwnerJustBelowIsNot() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "R", "M").company("A", "H")
                .hold("P", "A", 25).hold("H", "A", 75).hold("Q", "H", 33.3).hold("R", "H", 66.7)
                .officer("M", "A", OfficerRole.MANAGER, null).graph();
        BeneficialOwners bo = g.beneficialOwners("A");
        List<String> ids = bo.owners().stream().map(o -> o.person().id()).toList();
        assertTrue(ids.contains("P"), ids.toString());          // exactly 25%
        assertFalse(ids.contains("Q"), ids.toString());         // 24.975%
        assertTrue(ids.contains("R"), ids.toString());          // 50.025% and controls H which controls A
        assertFalse(bo.fallback());
        BeneficialOwner p = bo.owners().stream().filter(o -> o.person().id().equals("P")).findFirst().orElseThrow();
        assertEquals(List.of(OwnerBasis.OWNERSHIP_25, OwnerBasis.VOTING_25), p.bases());
        assertEquals(0.25, p.paths().getFirst().product(), E);
    }

    @Test
    void noOwnerAtTwentyFiveFallsBackToSeniorManager() {
        KnowledgeGraph g = Facts.of().person("P1", "P2", "P3", "P4", "P5", "M").company("A")
                .hold("P1", "A", 20).hold("P2", "A", 20).hold("P3", "A", 20).hold("P4", "A", 20).hold("P5", "A", 20)
                .officer("M", "A", OfficerRole.MANAGER, null).graph();
        BeneficialOwners bo = g.beneficialOwners("A");
        assertTrue(bo.fallback());
        assertEquals("M", bo.owners().getFirst().person().id());
        assertEquals(List.of(OwnerBasis.SENIOR_MANAGER), bo.owners().getFirst().bases());
        assertEquals(ControlStatus.NO_CONTROLLER, g.controller("A").status());
    }

    @Test
    void votingDiffersFromEquity() {
        // V has 10% of equity but 60% of votes (e.g. A/B shares); E has 90% equity and 40% votes
        KnowledgeGraph g = Facts.of().person("V", "E").company("A")
                .hold("V", "A", 10.0, 60.0).hold("E", "A", 90.0, 40.0).graph();
        Controller c = g.controller("A");
        assertEquals("V", c.controller().id());
        assertEquals(ControlBasis.VOTES_OVER_50, c.basis());
        assertEquals(0.6, c.votes(), E);
        assertEquals(0.1, g.ownership("A").shareOf("V"), E);
        BeneficialOwners bo = g.beneficialOwners("A");
        BeneficialOwner v = bo.owners().stream().filter(o -> o.person().id().equals("V")).findFirst().orElseThrow();
        assertTrue(v.bases().contains(OwnerBasis.VOTING_25) && v.bases().contains(OwnerBasis.CONTROL));
        assertFalse(v.bases().contains(OwnerBasis.OWNERSHIP_25));
        BeneficialOwner e = bo.owners().stream().filter(o -> o.person().id().equals("E")).findFirst().orElseThrow();
        assertEquals(List.of(OwnerBasis.OWNERSHIP_25, OwnerBasis.VOTING_25), e.bases());
    }

    @Test
    void controllerRules() {
        // >50% through a controlled company: P controls H (60%), H holds 55% of L → P controls L, chain P→H→L
        KnowledgeGraph g = Facts.of().person("P", "Q", "R", "S").company("H", "L", "M", "N", "K")
                .hold("P", "H", 60).hold("Q", "H", 40).listed("L").hold("H", "L", 55).hold("Q", "L", 10)
                .listed("M").hold("R", "M", 31).hold("S", "M", 20)                       // >30% and uniquely largest
                .listed("N").hold("R", "N", 30).hold("S", "N", 20)                       // exactly 30% is not >30%
                .listed("K").hold("R", "K", 35).hold("S", "K", 35).graph();              // a tie controls nothing
        Controller l = g.controller("L");
        assertEquals("P", l.controller().id());
        assertEquals(List.of("P", "H", "L"), l.chain().stream().map(Party::id).toList());
        assertEquals("H", l.controllingShareholder().id());
        Controller m = g.controller("M");
        assertEquals("R", m.controller().id());
        assertEquals(ControlBasis.VOTES_OVER_30, m.basis());
        assertEquals(ControlStatus.NO_CONTROLLER, g.controller("N").status());
        assertEquals(ControlStatus.NO_CONTROLLER, g.controller("K").status());
    }

    @Test
    void jointVotesThroughControlledCompaniesAddUp() {
        // P controls A and B; A 30% + B 25% of C = 55% of votes in C controlled by P (though P owns only 33%)
        KnowledgeGraph g = Facts.of().person("P", "Q", "R").company("A", "B", "C")
                .hold("P", "A", 60).hold("Q", "A", 40).hold("P", "B", 60).hold("Q", "B", 40)
                .hold("A", "C", 30).hold("B", "C", 25).hold("R", "C", 45).graph();
        Controller c = g.controller("C");
        assertEquals("P", c.controller().id());
        assertEquals(0.55, c.votes(), E);
        assertEquals(0.6 * 0.3 + 0.6 * 0.25, g.ownership("C").shareOf("P"), E);
    }

    @Test
    void boardMajorityControls() {
        KnowledgeGraph g = Facts.of().person("P", "Q", "D1", "D2", "D3").listed("A").hold("P", "A", 20).hold("Q", "A", 25)
                .officer("D1", "A", OfficerRole.DIRECTOR, "P").officer("D2", "A", OfficerRole.CHAIRMAN, "P")
                .officer("D3", "A", OfficerRole.DIRECTOR, "Q").graph();
        Controller c = g.controller("A");
        assertEquals("P", c.controller().id());
        assertEquals(ControlBasis.BOARD_MAJORITY, c.basis());
    }

    @Test
    void executivePartnerControlsAPartnershipWhateverItsShare() {
        // 员工持股平台: GP company G (held 100% by P) owns 1% of partnership L; employees E1..E3 own 99%;
        // L holds 40% of listed A, the rest dispersed → P controls A through G and L
        KnowledgeGraph g = Facts.of().person("P", "E1", "E2", "E3").company("G", "L").listed("A")
                .hold("P", "G", 100).hold("G", "L", 1).hold("E1", "L", 33).hold("E2", "L", 33).hold("E3", "L", 33)
                .officer("G", "L", OfficerRole.EXECUTIVE_PARTNER, null)
                .hold("L", "A", 40).hold("E1", "A", 5).graph();
        Controller l = g.controller("L");
        assertEquals("P", l.controller().id());
        assertEquals(ControlBasis.EXECUTIVE_PARTNER, l.basis());
        assertEquals(List.of("P", "G", "L"), l.chain().stream().map(Party::id).toList());
        Controller a = g.controller("A");
        assertEquals("P", a.controller().id());
        assertEquals(ControlBasis.VOTES_OVER_30, a.basis());
        assertEquals(List.of("P", "G", "L", "A"), a.chain().stream().map(Party::id).toList());
        assertEquals(0.004, g.ownership("A").shareOf("P"), E);   // control without ownership
        BeneficialOwner p = g.beneficialOwners("A").owners().stream().filter(o -> o.person().id().equals("P"))
                .findFirst().orElseThrow();
        assertEquals(List.of(OwnerBasis.VOTING_25, OwnerBasis.CONTROL), p.bases());   // L's 40% of votes are P's to cast
    }

    @Test
    void actingInConcertMakesJointActualControllers() {
        // husband 20% + wife 15% under a 一致行动协议 = 35% of votes, uniquely largest against 25% → joint control
        KnowledgeGraph g = Facts.of().person("夫", "妻", "外人").listed("A")
                .hold("夫", "A", 20).hold("妻", "A", 15).hold("外人", "A", 25).concert("A", "夫", "妻").graph();
        Controller c = g.controller("A");
        assertEquals(ControlStatus.CONTROLLED, c.status());
        assertEquals(ControlBasis.VOTES_OVER_30, c.basis());
        assertEquals(0.35, c.votes(), E);
        assertEquals(List.of("夫", "妻"), c.jointControllers().stream().map(Party::id).toList());
        assertEquals("夫", c.controllingShareholder().id());
        BeneficialOwners bo = g.beneficialOwners("A");
        assertTrue(bo.owners().stream().filter(o -> o.person().id().equals("妻")).findFirst().orElseThrow()
                .bases().contains(OwnerBasis.CONTROL));
        assertTrue(bo.owners().stream().anyMatch(o -> o.person().id().equals("外人")));   // 25% owner
        // without the agreement nobody controls
        KnowledgeGraph without = Facts.of().person("夫", "妻", "外人").listed("A")
                .hold("夫", "A", 20).hold("妻", "A", 15).hold("外人", "A", 25).graph();
        assertEquals(ControlStatus.NO_CONTROLLER, without.controller("A").status());
    }

    @Test
    void incompleteWhenDataStopsAtACompany() {
        // T has no shareholder data: the chain stops there
        KnowledgeGraph g = Facts.of().person("P").company("T", "A").hold("T", "A", 70).hold("P", "A", 30).graph();
        Ownership o = g.ownership("A");
        assertTrue(o.incomplete());
        assertEquals(0.7, o.missing(), E);
        assertEquals(List.of("T"), o.stops().stream().map(Party::id).toList());
        Controller c = g.controller("A");
        assertEquals(ControlStatus.INCOMPLETE, c.status());
        assertEquals("T", c.controllingShareholder().id());
        BeneficialOwners bo = g.beneficialOwners("A");
        assertTrue(bo.incomplete());
        assertEquals("P", bo.owners().getFirst().person().id());
    }

    @Test
    void undisclosedRemainderOfUnlistedCompanyIsIncompleteButListedFloatIsNot() {
        KnowledgeGraph g = Facts.of().person("P").company("A").listed("L").hold("P", "A", 60).hold("P", "L", 60).graph();
        assertTrue(g.ownership("A").incomplete());
        assertEquals(0.4, g.ownership("A").missing(), E);
        assertFalse(g.ownership("L").incomplete());
    }

    @Test
    void stateOwnedChainEndsAtStateBody() {
        KnowledgeGraph g = Facts.of().state("国务院国资委").company("集团", "子公司").listed("上市公司")
                .hold("国务院国资委", "集团", 100).hold("集团", "子公司", 70).hold("子公司", "上市公司", 51).graph();
        Controller c = g.controller("上市公司");
        assertEquals(ControlStatus.CONTROLLED, c.status());
        assertEquals("国务院国资委", c.controller().id());
        assertTrue(c.stateOwned());
        assertEquals(4, c.chain().size());
        assertTrue(g.beneficialOwners("上市公司").owners().isEmpty() || g.beneficialOwners("上市公司").fallback());
    }

    @Test
    void tenThousandLevelChain() {
        Facts f = Facts.of().person("P");
        for (int i = 0; i < 10_000; i++) {
            f.company("C" + i);
        }
        f.hold("P", "C0", 100);
        for (int i = 1; i < 10_000; i++) {
            f.hold("C" + (i - 1), "C" + i, 100);
        }
        KnowledgeGraph g = f.graph();
        assertEquals(1.0, g.ownership("C9999").shareOf("P"), E);
        Controller c = g.controller("C9999");
        assertEquals("P", c.controller().id());
        assertEquals(10_001, c.chain().size());
        assertEquals(10_000, g.holdingPaths("P", "C9999", 1).getFirst().steps().size());
        assertEquals(5, depth(g.penetrate("C9999", Direction.UP, 5, 1000)));
    }

    private static int depth(PenetrationNode n) {
        return n.children().isEmpty() ? 0 : 1 + n.children().stream().mapToInt(OwnershipTest::depth).max().orElse(0);
    }

    @Test
    void cyclesEverywhereConverge() {
        // a ring of 50 companies each holding 40% of the next, each with a person holding the other 60%
        Facts f = Facts.of();
        for (int i = 0; i < 50; i++) {
            f.company("R" + i).person("P" + i);
        }
        for (int i = 0; i < 50; i++) {
            f.hold("R" + i, "R" + ((i + 1) % 50), 40).hold("P" + i, "R" + i, 60);
        }
        KnowledgeGraph g = f.graph();
        Ownership o = g.ownership("R0");
        double total = o.ultimateHolders().stream().mapToDouble(HolderShare::share).sum();
        // holders below 0.0001% (OwnershipEngine.PRUNE) are dropped: 50 of them at most, so less than 5e-5 goes missing
        assertEquals(1.0, total, 50 * OwnershipEngine.PRUNE);
        assertEquals(0.6 / (1 - Math.pow(0.4, 50)), o.shareOf("P0"), 1e-9);
        assertEquals("P0", g.controller("R0").controller().id());
    }
}
