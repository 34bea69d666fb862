package dev.zhiyu.server.knowledge;

import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.ImportReport;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.KnowledgeGraphs;
import dev.zhiyu.knowledge.OpenProgress;
import dev.zhiyu.knowledge.Readiness;
import dev.zhiyu.knowledge.StoreBusyException;
import dev.zhiyu.knowledge.TagRules;
import dev.zhiyu.server.platform.Failure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Each tenant's knowledge graph: the shared reference graph under {@code <dataDir>/reference/kg} plus the tenant's
 * private additions under {@code <dataDir>/tenants/<slug>/kg}. Views open lazily, each on a thread of its own, and stay
 * open; a reference import closes them so the next request sees it.
 * <p>
 * No lock is shared between tenants: the map only holds a tenant's view handle (created without opening anything), so
 * a tenant whose graph takes minutes to open never delays another tenant. A request waits for its own tenant's graph
 * up to {@code wait}, then gets a 503 saying how far loading has got.
 */
public final class TenantGraphs implements AutoCloseable {
    private final Path dataDir;
    private final Duration wait;
    private final BiFunction<String, Consumer<OpenProgress>, KnowledgeGraph> opener;
    private final ConcurrentHashMap<String, View> views = new ConcurrentHashMap<>();
    private final TagRules rules = TagRules.defaults();
    private volatile boolean closed;

    /** One tenant's graph, being opened or open. */
    private static final class View {
        final CompletableFuture<KnowledgeGraph> graph = new CompletableFuture<>();
        volatile OpenProgress progress;
    }

    public TenantGraphs(Path dataDir) {
        this(dataDir, Duration.ofSeconds(30));
    }

    /** {@code wait}: how long a request waits for its tenant's graph to open before it is told to retry. */
    public TenantGraphs(Path dataDir, Duration wait) {
        this.dataDir = dataDir;
        this.wait = wait;
        this.opener = (slug, progress) -> KnowledgeGraphs.tenant(tenantDir(slug), referenceDir(), progress);
    }

    TenantGraphs(Path dataDir, Duration wait, BiFunction<String, Consumer<OpenProgress>, KnowledgeGraph> opener) {
        this.dataDir = dataDir;
        this.wait = wait;
        this.opener = opener;
    }

    public Path referenceDir() {
        return dataDir.resolve("reference").resolve("kg");
    }

    public Path tenantDir(String slug) {
        return dataDir.resolve("tenants").resolve(slug).resolve("kg");
    }

    public KnowledgeGraph forTenant(String slug) {
        View v = view(slug);
        try {
            return v.graph.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw Failure.unavailable("知识图谱正在加载（" + describe(v.progress) + "），请稍后重试", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.unavailable("等待知识图谱加载时被中断，请重试", e);
        } catch (ExecutionException e) {
            views.remove(slug, v);
            throw failure(e.getCause());
        }
    }

    /** Starts opening a tenant's graph without waiting for it (at server start, so the first request finds it ready). */
    public void warm(String slug) {
        view(slug);
    }

    /** Each opened or opening tenant graph's state. */
    public Map<String, GraphReadiness> readiness() {
        Map<String, GraphReadiness> out = new LinkedHashMap<>();
        views.forEach((slug, v) -> out.put(slug, readiness(v)));
        return out;
    }

    /** One tenant's state; a tenant whose graph was never asked for is reported as not loaded (LOADING, no phase). */
    public GraphReadiness readiness(String slug) {
        View v = views.get(slug);
        return v == null ? new GraphReadiness(GraphReadiness.LOADING, null, 0, -1, "尚未加载：首次查询时加载") : readiness(v);
    }

    private static GraphReadiness readiness(View v) {
        if (v.graph.isCompletedExceptionally()) {
            String why = v.graph.exceptionNow().getMessage();
            return new GraphReadiness(GraphReadiness.FAILED, null, 0, -1, "加载失败：" + why);
        }
        OpenProgress p = v.progress;
        if (v.graph.isDone()) {
            return readiness(v.graph.join().readiness());
        }
        return new GraphReadiness(GraphReadiness.LOADING, p == null ? null : p.phase().name(), p == null ? 0 : p.done(),
                p == null ? -1 : p.total(), describe(p));
    }

    /** An open graph's own state: serving while the rest of its saved index is read, rebuilding, or ready. */
    static GraphReadiness readiness(Readiness r) {
        return switch (r.state()) {
            case SERVING_PARTIAL -> new GraphReadiness(GraphReadiness.SERVING_PARTIAL, OpenProgress.Phase.SNAPSHOT.name(),
                    r.done(), r.total(), "图谱索引读入中 " + r.percent() + "%（查询可用，写入稍候）");
            case REBUILDING -> new GraphReadiness(GraphReadiness.REBUILDING, OpenProgress.Phase.REPLAY.name(), r.done(),
                    r.total(), "索引快照损坏，正在从图库重建（查询稍候）");
            case OPENING -> new GraphReadiness(GraphReadiness.LOADING, null, r.done(), r.total(), "正在打开图库");
            case READY -> new GraphReadiness(GraphReadiness.READY, OpenProgress.Phase.READY.name(), r.done(), r.total(),
                    "就绪");
        };
    }

    private static String describe(OpenProgress p) {
        if (p == null) {
            return "正在打开图库";
        }
        String count = p.phase() == OpenProgress.Phase.REPLAY ? "已重放 " + p.done() + " 条事实" : "已处理 " + p.done()
                + (p.total() > 0 ? " / " + p.total() : "") + " 个主体";
        return p.phase().label + "，" + count;
    }

    private View view(String slug) {
        View v = views.get(slug);
        if (v != null) {
            return v;
        }
        View created = new View();
        v = views.putIfAbsent(slug, created);
        if (v != null) {
            return v;
        }
        Thread.ofPlatform().daemon().name("kg-open-" + slug).start(() -> open(slug, created));
        return created;
    }

    private void open(String slug, View v) {
        try {
            KnowledgeGraph g = opener.apply(slug, p -> v.progress = p);
            v.graph.complete(g);
            if (closed || views.get(slug) != v) {
                views.remove(slug, v);
                g.close(); // closed (or replaced by a reference import) while it was opening
            }
        } catch (RuntimeException | Error e) {
            v.graph.completeExceptionally(e);
        }
    }

    private static RuntimeException failure(Throwable cause) {
        if (cause instanceof StoreBusyException busy) {
            return Failure.unavailable(busy.getMessage(), busy);
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    /**
     * Loads into the tenant's own graph in one store transaction. When the store refuses the write, the view's index has
     * already taken the rows, so the view is closed and dropped: the next request reopens it from the unchanged store.
     */
    public ImportReport load(String slug, FactBatch batch) {
        return load(slug, batch, p -> { });
    }

    /** As {@link #load(String, FactBatch)}, telling {@code progress} how far the write has got. */
    public ImportReport load(String slug, FactBatch batch, java.util.function.Consumer<dev.zhiyu.knowledge.ImportProgress> progress) {
        KnowledgeGraph graph = forTenant(slug);
        try {
            return graph.load(batch, progress);
        } catch (IllegalStateException e) {
            View v = views.get(slug);
            if (v != null && opened(v) == graph && views.remove(slug, v)) {
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
        } catch (StoreBusyException e) {
            throw Failure.unavailable(e.getMessage(), e);
        }
        closeViews();
        return r;
    }

    public TagRules rules() {
        return rules;
    }

    private static KnowledgeGraph opened(View v) {
        return v.graph.isDone() && !v.graph.isCompletedExceptionally() ? v.graph.join() : null;
    }

    private void closeViews() {
        views.forEach((slug, v) -> {
            if (views.remove(slug, v)) {
                KnowledgeGraph g = opened(v);
                if (g != null) {
                    g.close();
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        closeViews();
    }
}
