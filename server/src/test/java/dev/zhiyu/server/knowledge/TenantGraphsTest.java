package dev.zhiyu.server.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.knowledge.Entity;
import dev.zhiyu.knowledge.EntityKind;
import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.KnowledgeGraphs;
import dev.zhiyu.knowledge.OpenProgress;
import dev.zhiyu.knowledge.Provenance;
import dev.zhiyu.knowledge.Readiness;
import dev.zhiyu.server.platform.Failure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenants never wait for each other's graphs; a graph still opening is a clear 503 with its progress. */
class TenantGraphsTest {
    @TempDir
    Path data;

    /** A slug that falls in the same slot of a small ConcurrentHashMap as {@code slug}. */
    private static String sameSlot(String slug) {
        int want = spread(slug.hashCode()) & 15;
        for (int i = 0; ; i++) {
            String s = "t" + i;
            if (!s.equals(slug) && (spread(s.hashCode()) & 15) == want) {
                return s;
            }
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) & 0x7fffffff;
    }

    private static KnowledgeGraph small(String name) {
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        g.load(new FactBatch().entity("t", 1, new Entity(name, EntityKind.COMPANY, name, List.of(), Map.of(),
                Provenance.of("测试"))));
        return g;
    }

    @Test
    void aTenantWhoseGraphIsStillOpeningDelaysNoOtherTenant() throws Exception {
        String slow = "acme";
        String other = sameSlot(slow);
        CountDownLatch release = new CountDownLatch(1);
        TenantGraphs graphs = new TenantGraphs(data, Duration.ofMillis(300), (slug, progress) -> {
            if (slug.equals(slow)) {
                progress.accept(new OpenProgress(OpenProgress.Phase.REPLAY, 1_200_000, -1));
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return small("公司-" + slug);
        });
        Thread first = Thread.ofPlatform().start(() -> assertThrows(Failure.class, () -> graphs.forTenant(slow)));
        first.join();
        long t0 = System.nanoTime();
        assertTrue(graphs.forTenant(other).entity("公司-" + other).isPresent());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 2_000, "the other tenant waited " + millis + " ms");

        Failure loading = assertThrows(Failure.class, () -> graphs.forTenant(slow));
        assertEquals(Failure.Kind.UNAVAILABLE, loading.kind());
        assertTrue(loading.getMessage().contains("正在加载") && loading.getMessage().contains("1200000"),
                loading.getMessage());
        GraphReadiness r = graphs.readiness().get(slow);
        assertEquals(GraphReadiness.LOADING, r.state());
        assertEquals("REPLAY", r.phase());
        assertEquals(GraphReadiness.READY, graphs.readiness(other).state());

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!graphs.readiness(slow).state().equals(GraphReadiness.READY) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(graphs.forTenant(slow).entity("公司-" + slow).isPresent());
        graphs.close();
    }

    @Test
    void anOpenGraphSaysWhetherItServesWhileItsSavedIndexIsReadOrIsRebuilding() {
        GraphReadiness partial = TenantGraphs.readiness(new Readiness(Readiness.State.SERVING_PARTIAL, 620, 1_000));
        assertEquals(GraphReadiness.SERVING_PARTIAL, partial.state());
        assertEquals(620, partial.done());
        assertEquals("图谱索引读入中 62%（查询可用，写入稍候）", partial.message());
        assertEquals(GraphReadiness.REBUILDING,
                TenantGraphs.readiness(new Readiness(Readiness.State.REBUILDING, 0, -1)).state());
        assertEquals(GraphReadiness.READY, TenantGraphs.readiness(new Readiness(Readiness.State.READY, 5, 5)).state());
    }

    @Test
    void aRealRestartFromTheSavedIndexEndsReadyAndOnlyMovesForward() throws Exception {
        FactBatch batch = dev.zhiyu.knowledge.SyntheticGraph.generate(200, 3);
        try (TenantGraphs first = new TenantGraphs(data)) {
            assertTrue(first.load("acme", batch).rejected().isEmpty());
        }
        TenantGraphs graphs = new TenantGraphs(data, Duration.ofSeconds(30));
        List<String> order = List.of(GraphReadiness.LOADING, GraphReadiness.SERVING_PARTIAL, GraphReadiness.READY);
        List<String> seen = new java.util.ArrayList<>();
        graphs.warm("acme");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String s = graphs.readiness("acme").state();
            if (seen.isEmpty() || !seen.getLast().equals(s)) {
                seen.add(s);
            }
            if (s.equals(GraphReadiness.READY)) {
                break;
            }
            Thread.sleep(1);
        }
        assertEquals(GraphReadiness.READY, seen.getLast(), seen.toString());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(order.indexOf(seen.get(i - 1)) < order.indexOf(seen.get(i)), "states only move forward: " + seen);
        }
        assertTrue(graphs.forTenant("acme").entity("C150").isPresent());
        graphs.close();
    }

    @Test
    void aGraphThatFailsToOpenSaysWhyAndIsRetriedOnTheNextRequest() {
        int[] calls = {0};
        TenantGraphs graphs = new TenantGraphs(data, Duration.ofSeconds(10), (slug, progress) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("图库数据不一致：测试");
            }
            return small("乙");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> graphs.forTenant("a"));
        assertTrue(e.getMessage().contains("不一致"));
        assertTrue(graphs.forTenant("a").entity("乙").isPresent());
        graphs.close();
    }
}
