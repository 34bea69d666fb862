package dev.zhiyu.knowledge;

import java.util.List;
import java.util.Optional;

/**
 * One tenant's view of the enterprise knowledge graph: the shared reference graph plus the tenant's own additions.
 * Entity references are ids (credit codes) or names, resolved as in imports. Thread-safe.
 */
public interface KnowledgeGraph extends AutoCloseable {

    /** Stores the batch's good rows (one transaction) and reports the rest; recomputes only what the batch touched. */
    ImportReport load(FactBatch batch);

    /** As {@link #load(FactBatch)}, telling {@code progress} how far it has got (from the loading thread). */
    default ImportReport load(FactBatch batch, java.util.function.Consumer<ImportProgress> progress) {
        return load(batch);
    }

    Optional<Entity> entity(String ref);

    Ownership ownership(String company);

    Controller controller(String company);

    BeneficialOwners beneficialOwners(String company);

    /** Penetration tree up to {@code levels} (1–20) levels, at most {@code maxNodes} nodes. */
    PenetrationNode penetrate(String company, Direction direction, int levels, int maxNodes);

    /** Shareholding chains from a holder down to a company, largest product first. */
    List<EvidencePath> holdingPaths(String holder, String company, int limit);

    /** Everything about one company in one answer. */
    Profile profile(String company);

    Relations relations();

    /** Read-only SPARQL over this tenant's view. */
    SparqlResult sparql(String query, SparqlLimits limits);

    /** How far this view is from answering in full (never waits for a lock). */
    Readiness readiness();

    /** Companies, persons and other parties in this view. */
    int size();

    @Override
    void close();
}
