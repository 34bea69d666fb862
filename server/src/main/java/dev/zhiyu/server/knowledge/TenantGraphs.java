package dev.zhiyu.server.knowledge;

import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.ImportReport;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.KnowledgeGraphs;
import dev.zhiyu.knowledge.TagRules;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's knowledge graph: the shared reference graph under {@code <dataDir>/reference/kg} plus the tenant's
 * private additions under {@code <dataDir>/tenants/<slug>/kg}. Views open lazily and stay open; a reference import
 * closes them so the next request sees it.
 */
public final class TenantGraphs implements AutoCloseable {
    private final Path dataDir;
    private final ConcurrentHashMap<String, KnowledgeGraph> open = new ConcurrentHashMap<>();
    private final TagRules rules = TagRules.defaults();

    public TenantGraphs(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path referenceDir() {
        return dataDir.resolve("reference").resolve("kg");
    }

    public Path tenantDir(String slug) {
        return dataDir.resolve("tenants").resolve(slug).resolve("kg");
    }

    public KnowledgeGraph forTenant(String slug) {
        return open.computeIfAbsent(slug, s -> KnowledgeGraphs.tenant(tenantDir(s), referenceDir()));
    }

    /**
     * Loads into the tenant's own graph in one store transaction. When the store refuses the write, the view's index has
     * already taken the rows, so the view is closed and dropped: the next request reopens it from the unchanged store.
     */
    public ImportReport load(String slug, FactBatch batch) {
        KnowledgeGraph graph = forTenant(slug);
        try {
            return graph.load(batch);
        } catch (IllegalStateException e) {
            if (open.remove(slug, graph)) {
                graph.close();
            }
            throw e;
        }
    }

    /** Loads into the shared reference graph, visible to every tenant from their next request. */
    public synchronized ImportReport loadReference(FactBatch batch) {
        ImportReport r;
        try (KnowledgeGraph ref = KnowledgeGraphs.open(referenceDir())) {
            r = ref.load(batch);
        }
        close();
        return r;
    }

    public TagRules rules() {
        return rules;
    }

    @Override
    public void close() {
        open.values().forEach(KnowledgeGraph::close);
        open.clear();
    }
}
