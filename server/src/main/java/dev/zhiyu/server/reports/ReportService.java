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

import java.util.List;
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

    private final dev.zhiyu.reports.delivery.Deliverer deliverer;

    public ReportService(Platform platform, boolean review) {
        this(platform, review, null);
    }

    /** @param mailer SMTP relay for e-mail subscriptions; null: e-mail deliveries are logged as not configured */
    public ReportService(Platform platform, boolean review, dev.zhiyu.reports.delivery.SmtpMailer mailer) {
        this.platform = platform;
        this.deliverer = new dev.zhiyu.reports.delivery.Deliverer(java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(5)).build(), mailer, java.time.Clock.systemUTC());
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
        return new ReportIntake(store(tenant), pipeline, ex, limits, (id, r) -> deliverIfPublished(tenant, id));
    }

    /** The synchronous pipeline for the CLI (no executor). */
    public ReportIntake directIntake(Tenant tenant) {
        return new ReportIntake(store(tenant), pipeline, new SameThread(), limits, (id, r) -> deliverIfPublished(tenant, id));
    }

    public SubscriptionStore subscriptions(Tenant tenant) {
        return new SubscriptionStore(platform.stores().jdbi(tenant));
    }

    /** Sends a document's news to every covering subscription if (and only if) it is published; logs each outcome. */
    public List<dev.zhiyu.reports.delivery.Deliverer.Outcome> deliverIfPublished(Tenant tenant, long documentId) {
        ReportStore store = store(tenant);
        var doc = store.find(documentId).orElse(null);
        var news = store.news(documentId).orElse(null);
        if (doc == null || news == null || news.status() != dev.zhiyu.reports.NewsItem.Status.PUBLISHED || doc.info() == null)
            return List.of();
        var item = new dev.zhiyu.reports.delivery.Published(documentId, doc.info().code(), doc.info().company(), news.headline(),
                news.body(), java.time.Instant.now(), "/api/reports/" + documentId, "/api/reports/" + documentId + "#sources");
        SubscriptionStore subs = subscriptions(tenant);
        List<dev.zhiyu.reports.delivery.Deliverer.Outcome> all = new java.util.ArrayList<>();
        for (SubscriptionStore.Stored s : subs.list()) {
            if (!s.subscription().covers(item.code())) continue;
            var outcomes = s.subscription().channel() == dev.zhiyu.reports.delivery.Subscription.Channel.EMAIL && !deliverer.canMail()
                    ? List.of(new dev.zhiyu.reports.delivery.Deliverer.Outcome(s.subscription(), false, "未配置 SMTP"))
                    : deliverer.deliver(item, List.of(s.subscription()));
            for (var o : outcomes) subs.log(documentId, s.id(), o);
            all.addAll(outcomes);
        }
        return all;
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdownNow);
    }
}
