package dev.zhiyu.knowledge;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Opens knowledge graphs. */
public final class KnowledgeGraphs {
    private KnowledgeGraphs() {
    }

    /** A graph stored in its own TDB2 directory (e.g. the shared reference graph {@code <dataDir>/reference/kg}). */
    public static KnowledgeGraph open(Path dir) {
        return new Graph(TdbStore.open(dir), p -> { });
    }

    /**
     * A tenant's view: the reference graph plus the tenant's own additions in {@code tenantDir}. Loads go to the
     * tenant's directory only; another tenant's view never reads it. Reopen to see later reference changes.
     */
    public static KnowledgeGraph tenant(Path tenantDir, Path referenceDir) {
        return tenant(tenantDir, referenceDir, p -> { });
    }

    /**
     * As {@link #tenant(Path, Path)}, reporting progress. The computed index is saved beside the tenant directory
     * ({@code kg.index}) after opening and after loads; an open whose store has not changed since reads it back in
     * seconds instead of replaying every fact. Throws {@link StoreBusyException} when another process holds the store.
     */
    public static KnowledgeGraph tenant(Path tenantDir, Path referenceDir, Consumer<OpenProgress> progress) {
        return new Graph(TdbStore.tenant(tenantDir, referenceDir), progress);
    }

    /** An in-memory TDB2 graph (tests). */
    public static KnowledgeGraph inMemory() {
        return new Graph(TdbStore.memory(), p -> { });
    }

    /** The index alone, nothing persisted, no SPARQL: for generated benchmark graphs. */
    public static KnowledgeGraph indexOnly() {
        return new Graph(FactStore.NONE, p -> { });
    }
}
