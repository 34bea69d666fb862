package dev.zhiyu.server.reports;

import dev.zhiyu.reports.AnomalyDetector;
import dev.zhiyu.reports.ExplanationMatcher;
import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportIntake;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.Thresholds;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wires the reports pipeline to tenants: each tenant's store is its own database, and each tenant has its own small
 * executor with a bounded queue (a bulkhead: one tenant's flood of uploads cannot delay another tenant's reports).
 */
public final class ReportService implements AutoCloseable {
    static final int THREADS_PER_TENANT = 2, QUEUE_PER_TENANT = 50;
    private final Platform platform;
    private final ReportPipeline pipeline;
    private final Limits limits;
    private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();

    public ReportService(Platform platform, boolean review) {
        this.platform = platform;
        this.limits = Limits.defaults();
        this.pipeline = new ReportPipeline(new ReportParser(limits, false), new AnomalyDetector(Thresholds.defaults()),
                matcher(), review);
    }

    /** The BGE matcher with the shipped head; the keyword baseline if the model cannot be loaded. */
    static ExplanationMatcher matcher() {
        try {
            return dev.zhiyu.reports.BgeMatcher.shipped(dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh());
        } catch (RuntimeException | LinkageError e) {
            org.slf4j.LoggerFactory.getLogger(ReportService.class).warn("BGE 匹配器不可用，改用关键词基线：{}", e.toString());
            return ExplanationMatcher.keywords();
        }
    }

    public ReportStore store(Tenant tenant) {
        return new JdbiReportStore(platform.stores().jdbi(tenant));
    }

    public ReportIntake intake(Tenant tenant) {
        ExecutorService ex = executors.computeIfAbsent(tenant.slug(), s -> new ThreadPoolExecutor(THREADS_PER_TENANT,
                THREADS_PER_TENANT, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_PER_TENANT),
                r -> Thread.ofPlatform().name("reports-" + s).daemon(true).unstarted(r)));
        return new ReportIntake(store(tenant), pipeline, ex, limits, null);
    }

    /** The synchronous pipeline for the CLI (no executor). */
    public ReportIntake directIntake(Tenant tenant) {
        return new ReportIntake(store(tenant), pipeline, new SameThread(), limits, null);
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
    }
}
