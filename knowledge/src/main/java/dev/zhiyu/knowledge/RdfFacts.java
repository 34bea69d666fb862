package dev.zhiyu.knowledge;

import java.time.LocalDate;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Resource;

/** The queryable triples of each fact (the schema SPARQL users see; see knowledge/README.md). */
final class RdfFacts {
    private RdfFacts() {
    }

    static void describe(Model m, Resource n, Object fact) {
        switch (fact) {
            case Entity e -> entity(m, n, e);
            case Shareholding s -> shareholding(m, n, s);
            case Officer o -> {
                TdbStore.typed(n, m, "Officer");
                link(m, n, "person", o.person());
                link(m, n, "company", o.company());
                lit(m, n, "role", o.role().name());
                if (o.nominatedBy() != null) {
                    link(m, n, "nominatedBy", o.nominatedBy());
                }
            }
            case Guarantee g -> {
                TdbStore.typed(n, m, "Guarantee");
                link(m, n, "guarantor", g.guarantor());
                link(m, n, "debtor", g.debtor());
                lit(m, n, "pledge", Boolean.toString(g.pledge()));
                if (g.amount() != null) {
                    n.addLiteral(TdbStore.p(m, "amount"), g.amount().doubleValue());
                }
                m.createResource(Vocabulary.entity(g.guarantor())).addProperty(TdbStore.p(m, "guarantees"),
                        m.createResource(Vocabulary.entity(g.debtor())));
            }
            case Event e -> {
                TdbStore.typed(n, m, "Event");
                link(m, n, "company", e.company());
                lit(m, n, "eventType", e.type());
                n.addProperty(TdbStore.p(m, "date"), TdbStore.date(m, e.date()));
                if (e.title() != null) {
                    lit(m, n, "title", e.title());
                }
            }
            case Product p -> {
                TdbStore.typed(n, m, "Product");
                lit(m, n, "name", p.name());
                p.chains().forEach(c -> lit(m, n, "chain", c));
                p.parents().forEach(x -> n.addProperty(TdbStore.p(m, "parent"),
                        m.createResource(Vocabulary.fact("Product", x))));
            }
            case ProductLink l -> m.createResource(Vocabulary.fact("Product", l.upstream()))
                    .addProperty(TdbStore.p(m, "upstreamOf"), m.createResource(Vocabulary.fact("Product", l.downstream())));
            case Produces p -> link(m, m.createResource(Vocabulary.entity(p.company())), "produces",
                    m.createResource(Vocabulary.fact("Product", p.product())));
            case Supply s -> link(m, m.createResource(Vocabulary.entity(s.supplier())), "supplies",
                    m.createResource(Vocabulary.entity(s.customer())));
            case DeclaredInterest i -> {
                TdbStore.typed(n, m, "DeclaredInterest");
                link(m, n, "party", i.party());
                link(m, n, "company", i.company());
                lit(m, n, "interestType", String.valueOf(i.type()));
            }
            case ConcertAgreement a -> {
                TdbStore.typed(n, m, "ConcertAgreement");
                link(m, n, "company", a.company());
                link(m, n, "group", a.groupId());
                a.parties().forEach(p -> link(m, n, "party", p));
            }
            default -> throw new IllegalArgumentException(fact.toString());
        }
        provenance(m, n, fact);
    }

    private static void entity(Model m, Resource n, Entity e) {
        TdbStore.typed(n, m, switch (e.kind()) {
            case COMPANY -> "Company";
            case PERSON -> "Person";
            case STATE -> "StateBody";
            case OTHER -> "Party";
        });
        lit(m, n, "id", e.id());
        lit(m, n, "name", e.name());
        e.formerNames().forEach(f -> lit(m, n, "formerName", f));
        e.attributes().forEach((k, v) -> lit(m, n, k, v));
    }

    private static void shareholding(Model m, Resource n, Shareholding s) {
        TdbStore.typed(n, m, "Shareholding");
        link(m, n, "holder", s.holder());
        link(m, n, "company", s.company());
        if (s.equity() != null) {
            n.addLiteral(TdbStore.p(m, "equity"), s.equity().doubleValue());
        }
        if (s.voting() != null) {
            n.addLiteral(TdbStore.p(m, "voting"), s.voting().doubleValue());
        }
        if (s.start() != null) {
            n.addProperty(TdbStore.p(m, "start"), TdbStore.date(m, s.start()));
        }
        if (s.end() != null) {
            n.addProperty(TdbStore.p(m, "end"), TdbStore.date(m, s.end()));
        }
    }

    private static void provenance(Model m, Resource n, Object fact) {
        Provenance p = switch (fact) {
            case Entity e -> e.source();
            case Shareholding s -> s.source();
            case Officer o -> o.source();
            case Guarantee g -> g.source();
            case Event e -> e.source();
            case Product p2 -> p2.source();
            case DeclaredInterest i -> i.source();
            case ConcertAgreement a -> a.source();
            default -> null;
        };
        if (p != null) {
            lit(m, n, "source", p.source());
            LocalDate d = p.date();
            if (d != null) {
                n.addProperty(TdbStore.p(m, "sourceDate"), TdbStore.date(m, d));
            }
        }
    }

    private static void link(Model m, Resource n, String prop, String entityId) {
        n.addProperty(TdbStore.p(m, prop), m.createResource(Vocabulary.entity(entityId)));
    }

    private static void link(Model m, Resource n, String prop, Resource o) {
        n.addProperty(TdbStore.p(m, prop), o);
    }

    private static void lit(Model m, Resource n, String prop, String value) {
        n.addProperty(TdbStore.p(m, prop), value);
    }
}
