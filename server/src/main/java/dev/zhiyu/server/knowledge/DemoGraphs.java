package dev.zhiyu.server.knowledge;

import dev.zhiyu.knowledge.DemoGraph;
import dev.zhiyu.knowledge.ImportReport;
import java.util.Optional;

/**
 * The demo tenant's knowledge graph on its first start: the generated {@link DemoGraph} (fictional companies), loaded
 * only while the tenant's graph is empty, so a graph someone imported, or the demo loaded on an earlier start, is never
 * added to or overwritten.
 */
public final class DemoGraphs {
    /** Fixed, so every demo install shows the same companies (and screenshots and docs can name them). */
    static final long SEED = 2026;

    private DemoGraphs() {
    }

    /** The load's report, or empty when the tenant's graph already holds something. */
    public static synchronized Optional<ImportReport> seedIfEmpty(TenantGraphs graphs, String slug) {
        if (graphs.forTenant(slug).size() > 0) {
            return Optional.empty();
        }
        return Optional.of(graphs.load(slug, DemoGraph.generate(SEED)));
    }
}
