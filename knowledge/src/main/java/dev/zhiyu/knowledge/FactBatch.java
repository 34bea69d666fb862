package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * Facts read from one import, not yet resolved against the graph: references (holder, company …) are written as the
 * source wrote them (a code or a name). Rows that could not even be parsed are already in {@link #rejected()}.
 */
public final class FactBatch {
    final List<Located<Entity>> entities = new ArrayList<>();
    final List<Located<Shareholding>> shareholdings = new ArrayList<>();
    final List<Located<Officer>> officers = new ArrayList<>();
    final List<Located<Guarantee>> guarantees = new ArrayList<>();
    final List<Located<Event>> events = new ArrayList<>();
    final List<Located<Product>> products = new ArrayList<>();
    final List<Located<ProductLink>> productLinks = new ArrayList<>();
    final List<Located<Produces>> produces = new ArrayList<>();
    final List<Located<Supply>> supplies = new ArrayList<>();
    final List<Located<DeclaredInterest>> interests = new ArrayList<>();
    final List<Located<ConcertAgreement>> concerts = new ArrayList<>();
    final List<BadRow> rejected = new ArrayList<>();

    public FactBatch entity(String file, long row, Entity e) { entities.add(new Located<>(file, row, e)); return this; }
    public FactBatch shareholding(String file, long row, Shareholding s) { shareholdings.add(new Located<>(file, row, s)); return this; }
    public FactBatch officer(String file, long row, Officer o) { officers.add(new Located<>(file, row, o)); return this; }
    public FactBatch guarantee(String file, long row, Guarantee g) { guarantees.add(new Located<>(file, row, g)); return this; }
    public FactBatch event(String file, long row, Event e) { events.add(new Located<>(file, row, e)); return this; }
    public FactBatch product(String file, long row, Product p) { products.add(new Located<>(file, row, p)); return this; }
    public FactBatch productLink(String file, long row, ProductLink l) { productLinks.add(new Located<>(file, row, l)); return this; }
    public FactBatch produces(String file, long row, Produces p) { produces.add(new Located<>(file, row, p)); return this; }
    public FactBatch supply(String file, long row, Supply s) { supplies.add(new Located<>(file, row, s)); return this; }
    public FactBatch interest(String file, long row, DeclaredInterest i) { interests.add(new Located<>(file, row, i)); return this; }
    public FactBatch concert(String file, long row, ConcertAgreement a) { concerts.add(new Located<>(file, row, a)); return this; }
    public FactBatch reject(BadRow bad) { rejected.add(bad); return this; }

    public List<BadRow> rejected() {
        return List.copyOf(rejected);
    }

    public int size() {
        return entities.size() + shareholdings.size() + officers.size() + guarantees.size() + events.size()
                + products.size() + productLinks.size() + produces.size() + supplies.size() + interests.size()
                + concerts.size();
    }
}
