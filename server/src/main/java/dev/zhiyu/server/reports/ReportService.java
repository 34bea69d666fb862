package dev.zhiyu.server.reports;

import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportIntake;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportPipeline;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.delivery.Subscription;
import dev.zhiyu.reports.explain.DevPairs;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.explain.LiveReasonsMatcher;
import dev.zhiyu.reports.explain.MatcherCalibration;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wires the reports pipeline to tenants: each tenant's store is its own database, and each tenant has its own small
 * executor with a bounded queue (a bulkhead: one tenant's flood of uploads cannot delay another tenant's reports).
 */
public final class ReportService implements AutoCloseable {
    static final int THREADS_PER_TENANT = 2, QUEUE_PER_TENANT = 50;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportService.class);
    private final Platform platform;
    private final ReportSettings settings;
    private final Path dataDir;
    private final ReportParser parser;
    private final ExplanationMatcher matcher;
    private final Limits limits;
    private final ReportOriginals originals;
    private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();
    private final Map<String, ReportPipeline> pipelines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService inboxes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reports-inbox").daemon(true).factory());
    /** Report fetches and webhook deliveries: public addresses only (plus the allow-list), checked on every redirect. */
    private final dev.zhiyu.server.net.OutboundHttp http;
    private final dev.zhiyu.reports.delivery.Deliverer deliverer;
    private final NewsWriters writers;
    private final MatcherCalibration calibration;
    private volatile java.util.function.Function<Tenant, ModelLifecycle> models;
    private final io.micrometer.core.instrument.composite.CompositeMeterRegistry meters =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM,
                    List.of(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

    /** Counter of learned-generator drafts: tags tenant, outcome (generated / fallback), reason. */
    public static final String NEWS_COUNTER = "zhiyu.news.generated";

    /** For the CLI and tests: no drop folders, no SMTP, outbound requests to public addresses only. */
    public ReportService(Platform platform, boolean review) {
        this(platform, review, dev.zhiyu.server.net.OutboundPolicy.strict());
    }

    /** For the CLI: no drop folders, no SMTP, outbound requests as the configuration allows. */
    public ReportService(Platform platform, boolean review, dev.zhiyu.server.net.OutboundPolicy outbound) {
        this(platform, new ReportSettings(review, 0, ReportSettings.defaults().fetchHosts(), ReportSettings.defaults().smtp(),
                null), null,
                new dev.zhiyu.server.net.OutboundHttp(outbound));
    }

    /** @param dataDir where tenants' drop folders live ({@code <dataDir>/tenants/<slug>/inbox}); null: none */
    public ReportService(Platform platform, ReportSettings settings, Path dataDir) {
        this(platform, settings, dataDir, new dev.zhiyu.server.net.OutboundHttp(dev.zhiyu.server.net.OutboundPolicy.strict()));
    }

    /**
     * @param dataDir  where tenants' drop folders live ({@code <dataDir>/tenants/<slug>/inbox}); null: none
     * @param outbound the client for report fetches and webhook deliveries
     */
    public ReportService(Platform platform, ReportSettings settings, Path dataDir, dev.zhiyu.server.net.OutboundHttp outbound) {
        this.platform = platform;
        this.http = outbound;
        this.settings = settings;
        this.dataDir = dataDir;
        dev.zhiyu.reports.delivery.SmtpMailer mailer = settings.smtp().configured()
                ? new dev.zhiyu.reports.delivery.SmtpMailer(settings.smtp()) : null;
        this.deliverer = new dev.zhiyu.reports.delivery.Deliverer(outbound, mailer, java.time.Clock.systemUTC());
        this.limits = Limits.defaults();
        this.parser = new ReportParser(limits, false);
        this.originals = new ReportOriginals(dataDir, limits);
        this.matcher = matcher();
        this.writers = new NewsWriters(dataDir);
        this.calibration = new MatcherCalibration(matcher, new DevPairs(settings.devPdfs(),
                e -> LOG.warn("开发集报告（{}）无法读取：{}", settings.devPdfs(), e.toString())));
        if (dataDir != null && settings.inboxScanSeconds() > 0) {
            inboxes.scheduleWithFixedDelay(this::scanInboxes, settings.inboxScanSeconds(), settings.inboxScanSeconds(),
                    TimeUnit.SECONDS);
        }
    }

    /** The BGE matcher with the shipped head; the keyword baseline if the model cannot be loaded. */
    static ExplanationMatcher matcher() {
        try {
            return dev.zhiyu.reports.explain.BgeMatcher.shipped(dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh());
        } catch (RuntimeException | LinkageError e) {
            org.slf4j.LoggerFactory.getLogger(ReportService.class).warn("BGE 匹配器不可用，改用关键词基线：{}", e.toString());
            return ExplanationMatcher.keywords();
        }
    }

    /**
     * Run by a starting server before it serves: reports a previous process was still receiving or processing are
     * marked failed ("服务重启，处理中断，请重新上传"; re-submitting the file processes it again), and originals no
     * report refers to are deleted. A tenant whose database cannot be reached is logged and left for the next start.
     */
    public void recoverInterrupted() {
        java.time.Instant runStarted = java.time.Instant.now();
        for (Tenant t : platform.tenants().list()) {
            if (t.status() != dev.zhiyu.server.platform.TenantStatus.ACTIVE) continue;
            try {
                JdbiReportStore store = new JdbiReportStore(platform.stores().jdbi(t));
                int failed = store.failInterrupted(runStarted);
                int swept = originals.sweep(t, store.hashes());
                if (failed + swept > 0)
                    LOG.warn("租户 {}：{} 份报告因服务重启中断，已标记为失败；清理了 {} 个残留原文文件", t.slug(), failed, swept);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.error("租户 {}：恢复中断的报告处理失败：{}", t.slug(), e.toString());
            }
        }
    }

    public ReportStore store(Tenant tenant) {
        return new JdbiReportStore(platform.stores().jdbi(tenant));
    }

    public ReportIntake intake(Tenant tenant) {
        ExecutorService ex = executors.computeIfAbsent(tenant.slug(), s -> new ThreadPoolExecutor(THREADS_PER_TENANT,
                THREADS_PER_TENANT, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_PER_TENANT),
                r -> Thread.ofPlatform().name("reports-" + s).daemon(true).unstarted(r)));
        return new ReportIntake(store(tenant), pipeline(tenant), ex, limits, (id, r) -> deliverIfPublished(tenant, id));
    }

    /**
     * Submits an uploaded, fetched or dropped PDF and keeps its original (by content hash, once per tenant) so the
     * review page can show the pages its values came from. A PDF that cannot be kept is still processed.
     */
    public ReportStore.Received submit(Tenant tenant, byte[] pdf, String fileName) {
        if (pdf.length <= limits.maxBytes()) {
            try {
                originals.keep(tenant, pdf, ReportParser.sha256(pdf));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("租户 {}：报告原文 {} 未能保存：{}", tenant.slug(), fileName, e.toString());
            }
        }
        return intake(tenant).submit(pdf, fileName);
    }

    /** The client (and its policy) for the server's own requests: subscription targets are checked against it. */
    public dev.zhiyu.server.net.OutboundHttp outbound() {
        return http;
    }

    /** The kept originals and their rendered pages. */
    public ReportOriginals originals() {
        return originals;
    }

    /** The synchronous pipeline for the CLI (no executor). */
    public ReportIntake directIntake(Tenant tenant) {
        return new ReportIntake(store(tenant), pipeline(tenant), new SameThread(), limits,
                (id, r) -> deliverIfPublished(tenant, id));
    }

    /** The tenant's pipeline: shared parser and matcher, the tenant's own anomaly thresholds and news writer. */
    private ReportPipeline pipeline(Tenant tenant) {
        return pipelines.computeIfAbsent(tenant.slug(), s -> new ReportPipeline(parser,
                new AnomalyDetector(thresholds(tenant)), new LiveReasonsMatcher(matcher,
                        () -> models == null ? null : models.apply(tenant), (l, e) -> LOG.error(
                        "租户 {}：上线的解释匹配器版本无法使用，改用默认阈值 0.5：{}", l.tenant(), e.getMessage())),
                publishing(tenant) == Publishing.REVIEW,
                (info, inds, business, anomalies, variant) -> write(tenant,
                        new dev.zhiyu.reports.generate.GenerationInput(info, inds, business, anomalies, variant))));
    }

    /** Uses the model registry (issue 9): a live {@value NewsGeneratorKind#PURPOSE} version writes the tenant's news. */
    public ReportService withModels(java.util.function.Function<Tenant, ModelLifecycle> lifecycles) {
        this.models = lifecycles;
        writers.clear();
        return this;
    }

    /** The tenant's model lifecycle (news generators and reasons matchers are kinds in it); needs {@link #withModels}. */
    public ModelLifecycle lifecycle(Tenant tenant) {
        var m = models;
        if (m == null) throw new IllegalStateException("未接入模型注册表");
        return m.apply(tenant);
    }

    /** Calibrates reasons-matcher versions over the shared matcher, measured also on the configured dev set. */
    public MatcherCalibration calibration() {
        return calibration;
    }

    /** Adds a registry (the server's Prometheus one) that receives the {@value #NEWS_COUNTER} counters. */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        meters.add(registry);
    }

    /** Counts of learned drafts per tenant so far, keyed "outcome/reason" (empty while only templates write). */
    public Map<String, Long> newsCounts(Tenant tenant) {
        Map<String, Long> out = new java.util.TreeMap<>();
        meters.find(NEWS_COUNTER).tag("tenant", tenant.slug()).counters().forEach(c ->
                out.merge(c.getId().getTag("outcome") + "/" + c.getId().getTag("reason"), (long) c.count(), Long::sum));
        return out;
    }

    private dev.zhiyu.reports.news.NewsWriter.Draft write(Tenant tenant, dev.zhiyu.reports.generate.GenerationInput in) {
        DraftWriter w = newsWriter(tenant);
        if (!(w instanceof dev.zhiyu.reports.generate.LearnedGenerator learned))
            return w.write(in.info(), in.indicators(), in.business(), in.anomalies(), in.variant());
        var outcome = learned.attempt(in);
        io.micrometer.core.instrument.Counter.builder(NEWS_COUNTER).description("学习式快讯：采用 / 回退模板（原因）")
                .tag("tenant", tenant.slug()).tag("outcome", outcome.learned() ? "generated" : "fallback")
                .tag("reason", outcome.reason()).register(meters).increment();
        return outcome.draft();
    }

    /** The writer for the tenant's next report (see {@link NewsWriters}). */
    DraftWriter newsWriter(Tenant tenant) {
        var m = models;
        return writers.of(tenant, m == null ? null : m.apply(tenant));
    }

    /**
     * The tenant's review edits as training pairs: every published news item a reviewer edited, its input rebuilt
     * from the stored report (cover, indicators, anomalies with their explanation sentences), its reference the
     * approved text. Only this tenant's database is read.
     */
    public List<dev.zhiyu.reports.generate.Corpus.Pair> approvedPairs(Tenant tenant) {
        JdbiReportStore store = new JdbiReportStore(platform.stores().jdbi(tenant));
        List<dev.zhiyu.reports.generate.Corpus.Pair> out = new java.util.ArrayList<>();
        for (long id : store.approvedEdits()) {
            var doc = store.find(id).orElse(null);
            var news = store.news(id).orElse(null);
            if (doc == null || doc.info() == null || news == null) continue;
            var input = new dev.zhiyu.reports.generate.GenerationInput(doc.info(), store.indicators(id), store.mainBusiness(id),
                    store.matched(id), 0);
            out.add(dev.zhiyu.reports.generate.Corpus.approved(input, news.headline(), news.body(), tenant.slug() + ":" + id));
        }
        return out;
    }

    /**
     * How a tenant's flash news is published: AUTO publishes an item only when every cited figure passed the checks
     * against the report (anything else is held with its reasons); REVIEW holds every item for a reviewer.
     */
    public enum Publishing { AUTO, REVIEW }

    /** The tenant's publishing rule: its own setting, else the server's default ({@link ReportSettings#review()}). */
    public Publishing publishing(Tenant tenant) {
        return platform.stores().jdbi(tenant).withHandle(h -> h.createQuery("SELECT mode FROM report_publishing WHERE id = 1")
                .mapTo(String.class).findOne()).map(Publishing::valueOf)
                .orElse(settings.review() ? Publishing.REVIEW : Publishing.AUTO);
    }

    /** Sets the tenant's publishing rule for reports processed from now on. */
    public void setPublishing(Tenant tenant, Publishing mode, String by) {
        platform.stores().jdbi(tenant).useTransaction(h -> {
            h.createUpdate("DELETE FROM report_publishing").execute();
            h.createUpdate("INSERT INTO report_publishing (id, mode, updated_at, updated_by) VALUES (1, :m, :now, :by)")
                    .bind("m", mode.name()).bind("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC))
                    .bind("by", by).execute();
        });
        pipelines.remove(tenant.slug());
    }

    /** Default thresholds with the tenant's overrides (percent for amounts, points for ratios). */
    public Thresholds thresholds(Tenant tenant) {
        Thresholds t = Thresholds.defaults();
        for (var e : thresholdOverrides(tenant).entrySet()) {
            t = t.with(Indicator.valueOf(e.getKey()), e.getValue());
        }
        return t;
    }

    public Map<String, BigDecimal> thresholdOverrides(Tenant tenant) {
        Map<String, BigDecimal> out = new java.util.TreeMap<>();
        platform.stores().jdbi(tenant).useHandle(h -> h.createQuery("SELECT indicator, threshold FROM report_thresholds")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBigDecimal(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Sets one indicator's threshold for reports processed from now on; {@code indicator} is an {@link Indicator} name. */
    public void setThreshold(Tenant tenant, String indicator, BigDecimal value, String by) {
        Indicator.valueOf(indicator);
        platform.stores().jdbi(tenant).useTransaction(h -> {
            h.createUpdate("DELETE FROM report_thresholds WHERE indicator = :i").bind("i", indicator).execute();
            h.createUpdate("INSERT INTO report_thresholds (indicator, threshold, updated_at, updated_by) "
                            + "VALUES (:i, :t, :now, :by)")
                    .bind("i", indicator).bind("t", value)
                    .bind("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).bind("by", by).execute();
        });
        pipelines.remove(tenant.slug());
    }

    /** Fetches report PDFs from the disclosure sites; any other host is refused before a request is made. */
    public List<ReportStore.Received> fetch(Tenant tenant, List<URI> urls) throws java.io.IOException, InterruptedException {
        for (URI u : urls) {
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || !settings.fetchHosts().contains(host)) {
                throw new dev.zhiyu.server.net.OutboundPolicy.OutboundRefused("不允许从 " + u + " 取报告；允许的站点：" + settings.fetchHosts());
            }
        }
        List<ReportStore.Received> out = new java.util.ArrayList<>();
        for (URI u : urls) out.add(submit(tenant, download(u), fileName(u)));
        return out;
    }

    private byte[] download(URI u) throws java.io.IOException, InterruptedException {
        var res = http.send(java.net.http.HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(30)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (var in = res.body()) {
            if (res.statusCode() != 200) throw new java.io.IOException(u + " 返回 HTTP " + res.statusCode());
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        }
    }

    private static String fileName(URI u) {
        String path = u.getPath() == null ? "" : u.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isBlank() ? u.toString() : name;
    }

    /**
     * Drop folders: every PDF in {@code <dataDir>/tenants/<slug>/inbox} is submitted and moved to
     * {@code inbox/processed} (or {@code inbox/rejected} when over the size limit); duplicates are recognised by hash.
     */
    void scanInboxes() {
        for (Tenant t : platform.tenants().list()) {
            if (t.status() != dev.zhiyu.server.platform.TenantStatus.ACTIVE || !Files.isDirectory(inbox(t))) {
                continue;
            }
            try (var files = Files.list(inbox(t))) {
                for (Path f : files.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf"))
                        .sorted().toList()) {
                    boolean tooBig = Files.size(f) > limits.maxBytes();
                    if (!tooBig) {
                        submit(t, Files.readAllBytes(f), f.getFileName().toString());
                    }
                    Path target = inbox(t).resolve(tooBig ? "rejected" : "processed");
                    Files.createDirectories(target);
                    Files.move(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("租户 {} 的报告投递目录处理失败：{}", t.slug(), e.toString());
            }
        }
    }

    public Path inbox(Tenant tenant) {
        return dataDir.resolve("tenants").resolve(tenant.slug()).resolve("inbox");
    }

    public SubscriptionStore subscriptions(Tenant tenant) {
        return new SubscriptionStore(platform.stores().jdbi(tenant));
    }

    public IndustryMap industries(Tenant tenant) {
        return new IndustryMap(platform.stores().jdbi(tenant));
    }

    /**
     * The subscription as delivery sees it: an industry subscription covers the codes the tenant's own industry
     * mapping gives its industry ({@code scopeName}) at delivery time; the others cover their listed codes.
     */
    Subscription resolve(Subscription s, IndustryMap industries) {
        if (s.scope() != Subscription.Scope.INDUSTRY) return s;
        return new Subscription(s.subscriber(), s.scope(), s.scopeName(), industries.codes(s.scopeName()), s.channel(),
                s.target(), s.secret());
    }

    /** Sends a document's news to every covering subscription if (and only if) it is published; logs each outcome. */
    public List<dev.zhiyu.reports.delivery.Deliverer.Outcome> deliverIfPublished(Tenant tenant, long documentId) {
        ReportStore store = store(tenant);
        var doc = store.find(documentId).orElse(null);
        var news = store.news(documentId).orElse(null);
        if (doc == null || news == null || news.status() != dev.zhiyu.reports.news.NewsItem.Status.PUBLISHED || doc.info() == null)
            return List.of();
        var item = new dev.zhiyu.reports.delivery.Published(documentId, doc.info().code(), doc.info().company(), news.headline(),
                news.body(), java.time.Instant.now(), "/api/reports/" + documentId, "/api/reports/" + documentId + "#sources");
        SubscriptionStore subs = subscriptions(tenant);
        List<dev.zhiyu.reports.delivery.Deliverer.Outcome> all = new java.util.ArrayList<>();
        IndustryMap industries = industries(tenant);
        for (SubscriptionStore.Stored s : subs.list()) {
            Subscription sub = resolve(s.subscription(), industries);
            if (!sub.covers(item.code())) continue;
            var outcomes = sub.channel() == Subscription.Channel.EMAIL && !deliverer.canMail()
                    ? List.of(new dev.zhiyu.reports.delivery.Deliverer.Outcome(sub, false, "未配置 SMTP"))
                    : deliverer.deliver(item, List.of(sub));
            for (var o : outcomes) subs.log(documentId, s.id(), o);
            all.addAll(outcomes);
        }
        return all;
    }

    @Override
    public void close() {
        inboxes.shutdownNow();
        executors.values().forEach(ExecutorService::shutdownNow);
        originals.close();
    }
}
