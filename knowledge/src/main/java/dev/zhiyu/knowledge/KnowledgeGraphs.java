package dev.zhiyu.knowledge;

import java.nio.file.Path;

/** Opens knowledge graphs. */
public final class KnowledgeGraphs {
    private KnowledgeGraphs() {
    }

    /** A graph stored in its own TDB2 directory (e.g. the shared reference graph {@code <dataDir>/reference/kg}). */
    public static KnowledgeGraph open(Path dir) {
        return new Graph(TdbStore.open(dir));
    }

    /**
     * A tenant's view: the reference graph plus the tenant's own additions in {@code tenantDir}. Loads go to the
     * tenant's directory only; another tenant's view never reads it. Reopen to see later reference changes.
     */
    public static KnowledgeGraph tenant(Path tenantDir, Path referenceDir) {
        return new Graph(TdbStore.tenant(tenantDir, referenceDir));
    }

    /** An in-memory TDB2 graph (tests). */
    public static KnowledgeGraph inMemory() {
        return new Graph(TdbStore.memory());
    }

    /** The index alone, nothing persisted, no SPARQL: for generated benchmark graphs. */
    public static KnowledgeGraph indexOnly() {
        return new Graph(FactStore.NONE);
    }
}
