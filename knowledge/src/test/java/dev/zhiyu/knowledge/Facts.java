package dev.zhiyu.knowledge;

import java.util.Map;
import java.util.List;

/** Hand-built graphs for tests: shares in percent, ids double as names. */
final class Facts {
    static final Provenance SRC = new Provenance("测试", java.time.LocalDate.of(2025, 1, 1));
    final FactBatch batch = new FactBatch();
    private int row = 1;

    static Facts of() {
        return new Facts();
    }

    Facts company(String... ids) {
        for (String id : ids) {
            batch.entity("t", row++, new Entity(id, EntityKind.COMPANY, id, List.of(), Map.of(), SRC));
        }
        return this;
    }

    Facts listed(String id) {
        batch.entity("t", row++, new Entity(id, EntityKind.COMPANY, id, List.of(), Map.of("listingCode", "600000"), SRC));
        return this;
    }

    Facts person(String... ids) {
        for (String id : ids) {
            batch.entity("t", row++, new Entity(id, EntityKind.PERSON, id, List.of(), Map.of(), SRC));
        }
        return this;
    }

    Facts state(String id) {
        batch.entity("t", row++, new Entity(id, EntityKind.STATE, id, List.of(), Map.of(), SRC));
        return this;
    }

    Facts hold(String holder, String company, double pct) {
        return hold(holder, company, pct, null);
    }

    Facts hold(String holder, String company, Double pct, Double votingPct) {
        batch.shareholding("t", row++, new Shareholding(holder, company, pct == null ? null : pct / 100,
                votingPct == null ? null : votingPct / 100, null, null, null, SRC));
        return this;
    }

    Facts officer(String person, String company, OfficerRole role, String nominatedBy) {
        batch.officer("t", row++, new Officer(person, company, role, nominatedBy, SRC));
        return this;
    }

    Facts concert(String company, String... parties) {
        batch.concert("t", row++, new ConcertAgreement(company, List.of(parties), SRC));
        return this;
    }

    Facts guarantee(String a, String b) {
        batch.guarantee("t", row++, new Guarantee(a, b, 1e6, false, null, SRC));
        return this;
    }

    KnowledgeGraph graph() {
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        ImportReport r = g.load(batch);
        if (!r.rejected().isEmpty()) {
            throw new AssertionError("unexpected rejects: " + r.rejected());
        }
        return g;
    }
}
