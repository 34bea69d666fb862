package dev.zhiyu.server.http;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.Services;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.StorageErrors;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, guard, problem details, metering and metrics. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String STARTED = "zhiyu.started";

    private final ServerConfig config;
    private final Platform platform;
    private final PrometheusMeterRegistry registry = OpsRoutes.publicRegistry();
    private final ApiMeter meter;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("zhiyu-meter-flush").daemon(true).factory());
    private final Javalin app;

    private final Services services;

    public ApiServer(ServerConfig config, Platform platform, Services services) {
        this.config = config;
        this.platform = platform;
        this.services = services;
        this.meter = new ApiMeter(platform.usage());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        services.reports().bindTo(registry); // zhiyu.news.generated (learned flash news: generated / fallback)
        this.app = Javalin.create(this::configure);
        RoleMatrix.checkCovers(app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod())
                .filter(p -> p.endpoint.metadata(io.javalin.security.Roles.class) == null
                        || p.endpoint.metadata(io.javalin.security.Roles.class).getRoles().stream().noneMatch(Access.class::isInstance))
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path).toList());
    }

    private void configure(JavalinConfig c) {
        c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        c.concurrency.useVirtualThreads = true;
        c.http.maxRequestSize = Math.max(config.maxBodyBytes(), config.maxUploadBytes());
        c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
        c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), io.javalin.config.SizeUnit.BYTES);
        c.router.ignoreTrailingSlashes = true;
        c.startup.showJavalinBanner = false;
        c.staticFiles.add(s -> {
            s.hostedPath = "/";
            s.directory = "/console";
            s.location = Location.CLASSPATH;
        });
        c.staticFiles.enableWebjars(); // ECharts for the console, from its WebJar on the classpath
        Guard guard = new Guard(platform, config.tenantMaxConcurrentRequests());
        c.routes.before(this::admit);
        c.routes.beforeMatched(guard::beforeMatched);
        c.routes.beforeMatched(Requests::rejectNul);
        c.routes.after(this::finish);
        new OpsRoutes(platform, registry, services.graphs()).register(c.routes);
        new AccountRoutes(platform, config.secureCookies()).register(c.routes);
        new AuditRoutes(platform).register(c.routes);
        new UsageRoutes(platform, meter).register(c.routes);
        new DialogRoutes(services.dialogs()).register(c.routes);
        new LabelRoutes(services.dialogs()).register(c.routes);
        new KnowledgeRoutes(services.graphs(),
                new dev.zhiyu.server.knowledge.KgImports(platform.stores(), services.graphs(), 2)).register(c.routes);
        new CallRoutes(services.telephony()).register(c.routes);
        new TaskRoutes(services.telephony()).register(c.routes);
        new DncRoutes(services.telephony()).register(c.routes);
        new DialRuleRoutes(services.telephony()).register(c.routes);
        new ReportRoutes(platform, services.reports()).register(c.routes);
        new ReportSettingsRoutes(services.reports()).register(c.routes);
        new ExplanationRoutes(platform, services.reports()).register(c.routes);
        new ConsoleRoutes(services.graphs(), services.telephony()).register(c.routes);
        if (services.models() != null) {
            new ModelRoutes(services.models()).register(c.routes);
            new AnnotationRoutes(services.models(), services.dialogs()).register(c.routes);
        }
        c.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e)));
        c.routes.exception(Exception.class, this::unexpected);
        c.routes.error(404, ctx -> {
            if (!Problem.MEDIA_TYPE.equals(ctx.res().getContentType())) {
                problem(ctx, ProblemException.notFound("没有这个地址：" + ctx.method() + " " + ctx.path()));
            }
        });
    }

    public ApiServer start() {
        app.start(config.host(), config.port());
        flusher.scheduleWithFixedDelay(meter::flush, 5, 5, TimeUnit.SECONDS);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Method and path of every registered HTTP route, e.g. {@code GET /api/keys/{id}}. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod())
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path).toList();
    }

    /** File uploads (report PDFs, call lists) may be larger than JSON bodies. */
    private static final java.util.Set<String> UPLOADS = java.util.Set.of("/api/reports", "/api/calls/lists", "/api/kg/imports");

    private void admit(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        SecurityHeaders.apply(ctx);
        long limit = UPLOADS.contains(ctx.path()) ? config.maxUploadBytes() : config.maxBodyBytes();
        ctx.attribute(Json.BODY_LIMIT, limit);
        String length = ctx.header("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                && Long.parseLong(length) > limit) {
            throw bodyTooLarge(limit);
        }
        BodyLimit.install(ctx, limit);
    }

    static ProblemException bodyTooLarge(long limit) {
        return ProblemException.of(413, "BODY_TOO_LARGE", "请求体过大", "请求体不能超过 " + limit + " 字节");
    }

    private void finish(Context ctx) {
        Guard.release(ctx);
        Long exceeded = BodyLimit.exceeded(ctx);
        if (exceeded != null && ctx.statusCode() != 413 && !ctx.res().isCommitted()) {
            problem(ctx, bodyTooLarge(exceeded)); // a handler that caught the cut-off body still answers 413
        }
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        long nanos = System.nanoTime() - started;
        String route = ctx.endpoints().lastHttpEndpoint() == null ? "unmatched" : ctx.endpoints().lastHttpEndpoint().path;
        Timer.builder("zhiyu.http.requests").description("HTTP API requests")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Principal p = ctx.attribute(Requests.PRINCIPAL);
        if (p != null) {
            meter.record(p, nanos / 1000, ctx.statusCode() >= 400);
        }
    }

    private ProblemException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> bodyTooLarge(config.maxUploadBytes());
            case 404 -> ProblemException.notFound("没有这个地址");
            case 405 -> ProblemException.of(405, "METHOD_NOT_ALLOWED", "方法不允许", "此地址不支持该方法");
            default -> ProblemException.of(e.getStatus(), "HTTP_" + e.getStatus(), "请求无法处理", String.valueOf(e.getMessage()));
        };
    }

    private void unexpected(Exception e, Context ctx) {
        if (gone(ctx)) {
            if (clientLeft(e)) {
                LOG.debug("客户端已离开，不再回应：{}", e.toString());
            } else {
                LOG.warn("事件流已开始发送后处理出错（已无法回应客户端）", e);
            }
            return;
        }
        ProblemException known = DomainProblems.of(e);
        if (known != null) {
            if (known.status >= 500 && !(e instanceof ProblemException)) {
                LOG.error("{} {} {}", known.title, ctx.method(), ctx.path(), e);
            }
            problem(ctx, known);
            return;
        }
        if (StorageErrors.nulRefused(e)) {
            problem(ctx, ProblemException.of(400, "VALIDATION_FAILED", "输入无效",
                    "文本中含有数据库无法保存的字符（如空字符 U+0000）：请删除后重试"));
            return;
        }
        ProblemException badUpload = badMessage(e);
        if (badUpload != null) {
            problem(ctx, badUpload);
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("未预期的错误 incident={} {} {}", incident, ctx.method(), ctx.path(), e);
        problem(ctx, ProblemException.of(500, "INTERNAL", "服务器内部错误", "服务器出错了；请把事件编号 " + incident + " 告诉管理员"));
    }

    /**
     * An event stream whose connection died (or was cut by a stop) ends through here on whichever thread was sending:
     * its request is already recycled, so there is nobody to answer and reading it would throw.
     */
    private static boolean gone(Context ctx) {
        try {
            ctx.path();
            String type = ctx.res().getContentType();
            return ctx.res().isCommitted() && type != null && type.startsWith("text/event-stream");
        } catch (RuntimeException recycled) {
            return true;
        }
    }

    /**
     * Whether {@code e} only says the client went away (an I/O failure anywhere in its causes: Jetty's
     * {@code EofException}, a closed channel, a reset or broken pipe), which is no failure of ours. A JSON error is an
     * {@code IOException} to Jackson but a bug of ours, so it is not one of these.
     */
    static boolean clientLeft(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 32; t = t.getCause()) { // bounded: a cause chain may loop
            if (t instanceof com.fasterxml.jackson.core.JacksonException) {
                return false;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** A request the container refused while parsing it (a multipart form over the upload limit, or malformed). */
    private ProblemException badMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
                for (Throwable c = bad; c != null; c = c.getCause()) {
                    if (c instanceof IllegalStateException && String.valueOf(c.getMessage()).contains("exceeded")) {
                        return bodyTooLarge(config.maxUploadBytes());
                    }
                }
                return bad.getCode() == 413 ? bodyTooLarge(config.maxUploadBytes())
                        : ProblemException.of(400, "MALFORMED_REQUEST", "请求格式错误", "无法解析请求（如 multipart 表单不完整）：请重新上传");
            }
        }
        return null;
    }

    private static void problem(Context ctx, ProblemException e) {
        if (e.status != 413) {
            drainBody(ctx);
        }
        ctx.status(e.status).contentType(Problem.MEDIA_TYPE);
        try {
            dev.zhiyu.server.labels.Lang lang = Requests.lang(ctx);
            ctx.header("Content-Language", lang == dev.zhiyu.server.labels.Lang.EN ? "en" : "zh-CN");
            ctx.result(Json.MAPPER.writeValueAsBytes(ProblemMessages.in(e.toProblem(ctx.path()), lang)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            ctx.result("{\"status\":" + e.status + "}");
        }
        if (e.status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
    }

    /**
     * Reads what is left of a refused request's body (at most {@link #DRAIN_BYTES}): a client still sending it then
     * reads the problem, instead of a connection Jetty resets for the unread bytes (seen as "received no bytes").
     */
    private static void drainBody(Context ctx) {
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long left = DRAIN_BYTES;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (java.io.IOException | RuntimeException gone) {
            // the client has gone or the body was already consumed: the answer goes out as it can
        }
    }

    private static final long DRAIN_BYTES = 2L << 20;

    /** Stops taking requests, then writes the last metering counts. */
    @Override
    public void close() {
        app.stop();
        flusher.shutdownNow();
        meter.flush();
        registry.close();
    }

}
