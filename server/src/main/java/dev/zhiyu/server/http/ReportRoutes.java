package dev.zhiyu.server.http;

import dev.zhiyu.reports.DocumentStatus;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.StoredReport;
import dev.zhiyu.reports.delivery.AtomFeed;
import dev.zhiyu.reports.delivery.Published;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.news.NumberChecker;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.reports.ReportService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Periodic reports: upload a PDF (raw body, {@code ?name=}), poll its status, read indicators, anomalies and the
 * flash news, edit and approve news in review mode, follow an indicator across the company's reports, Atom feed.
 */
final class ReportRoutes {
    record NewsReject(String reason) {
    }

    record NewsEdit(String headline, String body) {
    }

    record Detail(StoredReport document, Object indicators, Object anomalies, Object mainBusiness, int sectionCount) {
    }

    /** A node of the section tree: its index, the parent's index (-1 at the top) and its children's indexes. */
    record SectionNode(int index, int level, String title, int page, int parent, int tocPage, List<Integer> children) {
    }

    record NewSubscription(String subscriber, String scope, String scopeName, List<String> codes, String channel,
                           String target, String secret) {
    }

    record SubscriptionView(long id, String subscriber, String scope, String scopeName, java.util.Set<String> codes,
                            String channel, String target) {
        static SubscriptionView of(dev.zhiyu.server.reports.SubscriptionStore.Stored s) {
            var x = s.subscription();
            return new SubscriptionView(s.id(), x.subscriber(), x.scope().name(), x.scopeName(), x.codes(), x.channel().name(), x.target());
        }
    }

    private final Platform platform;
    private final ReportService reports;

    ReportRoutes(Platform platform, ReportService reports) {
        this.platform = platform;
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.post("/api/reports", this::upload);
        r.get("/api/reports", ctx -> ctx.json(store(ctx).list(Requests.intQuery(ctx, "limit", 50, 1, 500))));
        r.get("/api/reports/{id}", this::detail);
        r.get("/api/reports/{id}/sections", this::sections);
        r.get("/api/reports/{id}/paragraphs", this::paragraphs);
        r.get("/api/reports/{id}/pages/{n}", this::page);
        r.get("/api/reports/{id}/pages/{n}/info", this::pageInfo);
        r.get("/api/reports/{id}/news", ctx -> ctx.json(news(ctx, Requests.id(ctx))));
        r.put("/api/reports/{id}/news", this::edit);
        r.post("/api/reports/{id}/news/approve", this::approve);
        r.post("/api/reports/{id}/news/reject", this::reject);
        r.get("/api/reports/{id}/history", this::history);
        r.get("/api/report-feed", this::feed);
        r.get("/api/report-subscriptions", ctx -> ctx.json(reports.subscriptions(Requests.principal(ctx).tenant()).list()
                .stream().map(SubscriptionView::of).toList()));
        r.post("/api/report-subscriptions", this::subscribe);
        r.delete("/api/report-subscriptions/{id}", this::unsubscribe);
        r.get("/api/report-industries", ctx -> ctx.json(reports.industries(Requests.principal(ctx).tenant()).all()));
        r.put("/api/report-industries", this::uploadIndustries);
    }

    private ReportStore store(Context ctx) {
        return reports.store(Requests.principal(ctx).tenant());
    }

    private void upload(Context ctx) {
        String name = ctx.queryParam("name");
        if (name == null || name.isBlank())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "name", "请用 ?name= 给出文件名");
        byte[] pdf = ctx.bodyAsBytes();
        Principal p = Requests.principal(ctx);
        try {
            dev.zhiyu.reports.ReportIntake.refuseAtDoor(pdf, name); // nothing is stored or queued for an empty or non-PDF body
        } catch (dev.zhiyu.reports.ReportException e) {
            throw ProblemException.field(400, e.problem().name(), "文件无效", "file", e.getMessage()); // the console marks its file input
        }
        try {
            var received = reports.submit(p.tenant(), pdf, name);
            platform.audit().record(p, "report.upload", "report:" + received.id(), name, ctx.ip());
            ctx.status(received.created() ? 202 : 200).json(Map.of("id", received.id(), "created", received.created(),
                    "status", store(ctx).find(received.id()).map(StoredReport::status).orElse(DocumentStatus.RECEIVED)));
        } catch (RejectedExecutionException e) {
            throw ProblemException.of(429, "TENANT_BUSY", "处理队列已满", "本租户待处理的报告过多，请稍后再试");
        }
    }

    private StoredReport document(Context ctx, long id) {
        return store(ctx).find(id).orElseThrow(() -> ProblemException.notFound("没有编号为 " + id + " 的报告"));
    }

    private void detail(Context ctx) {
        long id = Requests.id(ctx);
        StoredReport d = document(ctx, id);
        ctx.json(new Detail(d, store(ctx).indicators(id), store(ctx).anomalies(id), store(ctx).mainBusiness(id),
                store(ctx).sections(id).size()));
    }

    private void sections(Context ctx) {
        long id = Requests.id(ctx);
        document(ctx, id);
        ctx.json(tree(store(ctx).sections(id)));
    }

    static List<SectionNode> tree(List<dev.zhiyu.reports.pdf.Section> sections) {
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) children.add(new ArrayList<>());
        for (int i = 0; i < sections.size(); i++) {
            int parent = sections.get(i).parent();
            if (parent >= 0 && parent < sections.size()) children.get(parent).add(i);
        }
        List<SectionNode> out = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            var s = sections.get(i);
            out.add(new SectionNode(i, s.level(), s.title(), s.page(), s.parent(), s.tocPage(), children.get(i)));
        }
        return out;
    }

    private void paragraphs(Context ctx) {
        long id = Requests.id(ctx);
        document(ctx, id);
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.intQuery(ctx, "limit", 100, 1, 1000);
        ctx.json(store(ctx).paragraphs(id, offset, limit));
    }

    /**
     * Page n (1-based) of the report's kept original as PNG. The report is looked up in the caller's tenant first, so
     * another tenant's id is the same 404 as a missing one, and the file is found by the stored hash, never a path.
     */
    private void page(Context ctx) {
        long id = Requests.id(ctx);
        StoredReport d = document(ctx, id);
        String raw = ctx.pathParam("n");
        int n = pageNumber(raw, d.pages());
        if (d.pages() > 0 && n > d.pages())
            throw ProblemException.notFound(dev.zhiyu.server.reports.ReportOriginals.range(d.pages(), n));
        byte[] png;
        try {
            png = reports.originals().page(Requests.principal(ctx).tenant(), d.sha256(), n);
        } catch (dev.zhiyu.server.reports.ReportOriginals.PageException e) {
            throw problem(e);
        }
        ctx.header("Cache-Control", "private, max-age=86400");
        ctx.contentType("image/png").result(png);
    }

    /**
     * The size of page n in PDF points (the frame of the cell boxes in the report detail) and of its rendered image in
     * pixels, for drawing a cited cell over the page; the same tenant check and problems as the page itself.
     */
    private void pageInfo(Context ctx) {
        long id = Requests.id(ctx);
        StoredReport d = document(ctx, id);
        int n = pageNumber(ctx.pathParam("n"), d.pages());
        if (d.pages() > 0 && n > d.pages())
            throw ProblemException.notFound(dev.zhiyu.server.reports.ReportOriginals.range(d.pages(), n));
        try {
            ctx.header("Cache-Control", "private, max-age=86400");
            ctx.json(reports.originals().size(Requests.principal(ctx).tenant(), d.sha256(), n));
        } catch (dev.zhiyu.server.reports.ReportOriginals.PageException e) {
            throw problem(e);
        }
    }

    private static ProblemException problem(dev.zhiyu.server.reports.ReportOriginals.PageException e) {
        return switch (e.kind()) {
            case NOT_KEPT, OUT_OF_RANGE -> ProblemException.notFound(e.getMessage());
            case UNREADABLE -> ProblemException.of(422, "PAGE_UNREADABLE", "页面无法渲染", e.getMessage());
            case BUSY -> ProblemException.of(429, "RENDER_BUSY", "渲染繁忙", e.getMessage());
        };
    }

    /** A page number from the path: a positive integer; the message names the valid range when the count is known. */
    private static int pageNumber(String raw, int pages) {
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "n", pages > 0
                ? "页码应为 1 到 " + pages + " 之间的整数，收到 " + raw : "页码应为从 1 开始的整数，收到 " + raw);
    }

    private NewsItem news(Context ctx, long id) {
        document(ctx, id);
        return store(ctx).news(id).orElseThrow(() -> ProblemException.notFound("报告 " + id + " 还没有快讯"));
    }

    /** A reviewer's edit is checked like generated text: any unsupported number blocks it. */
    private void edit(Context ctx) {
        long id = Requests.id(ctx);
        NewsEdit in = Json.read(ctx, NewsEdit.class);
        if (in.headline() == null || in.headline().isBlank())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "headline", "标题不能为空");
        if (in.body() == null || in.body().isBlank())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "body", "正文不能为空");
        NewsItem old = news(ctx, id);
        StoredReport d = document(ctx, id);
        List<String> problems = NumberChecker.check(in.headline() + "\n" + in.body(), d.info(), store(ctx).indicators(id),
                store(ctx).mainBusiness(id), old.quotes());
        NewsItem edited = new NewsItem(in.headline(), in.body(), problems.isEmpty() ? NewsItem.Status.HELD_FOR_REVIEW
                : NewsItem.Status.BLOCKED, old.sources(), old.quotes(), problems);
        Principal p = Requests.principal(ctx);
        store(ctx).updateNews(id, edited, actor(p));
        platform.audit().record(p, "report.news_edit", "report:" + id, edited.status().name(), ctx.ip());
        ctx.json(edited);
    }

    /**
     * A reviewer publishes a held item. Its claims are checked against the report again: a wrong figure or wording is
     * never published (edit it first); the other hold reasons (unknown period, a headline row left out, review-all)
     * are what the reviewer's approval confirms.
     */
    private void approve(Context ctx) {
        long id = Requests.id(ctx);
        NewsItem n = news(ctx, id);
        if (n.status() == NewsItem.Status.PUBLISHED)
            throw ProblemException.of(409, "CONFLICT", "快讯已发布", "这条快讯已经发布");
        if (n.status() != NewsItem.Status.HELD_FOR_REVIEW)
            throw ProblemException.of(409, "CONFLICT", "快讯未通过核对", "请先修改快讯，通过核对后再批准："
                    + String.join("；", n.problems()));
        StoredReport d = document(ctx, id);
        List<String> wrong = NumberChecker.check(n.headline() + "\n" + n.body(), d.info(), store(ctx).indicators(id),
                store(ctx).mainBusiness(id), n.quotes());
        if (!wrong.isEmpty())
            throw ProblemException.of(409, "CONFLICT", "快讯中有与报告不符的数字或措辞", "请先修改快讯再批准：" + String.join("；", wrong));
        NewsItem published = new NewsItem(n.headline(), n.body(), NewsItem.Status.PUBLISHED, n.sources(), n.quotes(), List.of());
        Principal p = Requests.principal(ctx);
        store(ctx).updateNews(id, published, actor(p));
        platform.audit().record(p, "report.news_approve", "report:" + id, "", ctx.ip());
        reports.deliverIfPublished(p.tenant(), id);
        ctx.json(published);
    }

    /**
     * A reviewer rejects a held (or blocked) news item with a reason: it stays unpublished as BLOCKED with the reason
     * as its problem, so it cannot be approved until an edit passes the number check again. Published news is final.
     */
    private void reject(Context ctx) {
        long id = Requests.id(ctx);
        NewsReject in = Json.read(ctx, NewsReject.class);
        String reason = in.reason() == null ? "" : in.reason().strip();
        if (reason.isEmpty())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "reason", "请填写驳回原因");
        if (reason.length() > 200)
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "reason", "驳回原因不能超过 200 个字符");
        NewsItem n = news(ctx, id);
        if (n.status() == NewsItem.Status.PUBLISHED)
            throw ProblemException.of(409, "CONFLICT", "快讯已发布", "已发布的快讯不能驳回");
        NewsItem rejected = new NewsItem(n.headline(), n.body(), NewsItem.Status.BLOCKED, n.sources(), n.quotes(),
                List.of("审核驳回：" + reason));
        Principal p = Requests.principal(ctx);
        store(ctx).updateNews(id, rejected, actor(p));
        platform.audit().record(p, "report.news_reject", "report:" + id, reason, ctx.ip());
        ctx.json(rejected);
    }

    private void history(Context ctx) {
        long id = Requests.id(ctx);
        StoredReport d = document(ctx, id);
        String raw = ctx.queryParam("indicator");
        Indicator ind = java.util.Arrays.stream(Indicator.values())
                .filter(i -> i.name().equals(raw == null ? "REVENUE" : raw)).findFirst()
                .orElseThrow(() -> ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "indicator", "未知指标 " + raw));
        if (d.info() == null || d.info().code() == null) {
            ctx.json(List.of());
            return;
        }
        ctx.json(store(ctx).history(d.info().code(), ind));
    }

    private void feed(Context ctx) {
        ReportStore s = store(ctx);
        String base = ctx.scheme() + "://" + ctx.host();
        List<Published> items = new ArrayList<>();
        for (StoredReport d : s.list(100)) {
            if (d.status() != DocumentStatus.DONE) continue;
            s.news(d.id()).filter(n -> n.status() == NewsItem.Status.PUBLISHED).ifPresent(n -> items.add(new Published(d.id(),
                    d.info() == null ? null : d.info().code(), d.info() == null ? null : d.info().company(), n.headline(), n.body(),
                    d.finishedAt(), base + "/api/reports/" + d.id(), base + "/api/reports/" + d.id() + "#sources")));
        }
        ctx.contentType("application/atom+xml; charset=utf-8")
                .result(AtomFeed.render("urn:zhiyu:" + Requests.principal(ctx).tenant().slug() + ":reports", "智语快讯", items));
    }

    private void subscribe(Context ctx) {
        NewSubscription in = Json.read(ctx, NewSubscription.class);
        var scope = parse(dev.zhiyu.reports.delivery.Subscription.Scope.class, in.scope(), "scope");
        var channel = parse(dev.zhiyu.reports.delivery.Subscription.Channel.class, in.channel(), "channel");
        if (channel == dev.zhiyu.reports.delivery.Subscription.Channel.WEBHOOK)
            RoleMatrix.require(Requests.principal(ctx), RoleMatrix.WEBHOOK_SUBSCRIPTIONS, "创建 Webhook 订阅");
        boolean industry = scope == dev.zhiyu.reports.delivery.Subscription.Scope.INDUSTRY;
        if (industry && (in.scopeName() == null || in.scopeName().isBlank()))
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "scopeName", "行业订阅需要行业名称（与本租户行业映射中的名称一致）");
        if (industry && in.codes() != null && !in.codes().isEmpty())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "codes", "行业订阅的股票代码来自本租户的行业映射，不能另行列出");
        if (!industry && (in.codes() == null || in.codes().isEmpty() || in.codes().stream().anyMatch(c -> c == null || !c.matches("\\d{6}"))))
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "codes", "应为六位股票代码列表");
        if (in.target() == null || in.target().isBlank())
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "target", "投递目标不能为空");
        if (channel == dev.zhiyu.reports.delivery.Subscription.Channel.WEBHOOK
                && (!in.target().matches("https?://.+") || in.secret() == null || in.secret().length() < 16))
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "secret", "Webhook 需要 http(s) 地址和至少 16 个字符的签名密钥");
        if (channel == dev.zhiyu.reports.delivery.Subscription.Channel.WEBHOOK)
            checkTarget(in.target());
        Principal p = Requests.principal(ctx);
        var sub = new dev.zhiyu.reports.delivery.Subscription(in.subscriber() == null ? actor(p) : in.subscriber(), scope,
                in.scopeName() == null ? "" : in.scopeName(), new java.util.LinkedHashSet<>(industry ? List.of() : in.codes()), channel, in.target(), in.secret());
        long id = reports.subscriptions(p.tenant()).create(sub);
        platform.audit().record(p, "report.subscribe", "report-subscription:" + id, channel.name(), ctx.ip());
        ctx.status(201).json(SubscriptionView.of(new dev.zhiyu.server.reports.SubscriptionStore.Stored(id, sub)));
    }

    /** A webhook URL must reach a public address (or an allow-listed host): checked now, and again at every delivery. */
    private void checkTarget(String target) {
        java.net.URI uri = Requests.uri(target, "target");
        try {
            reports.outbound().policy().check(uri);
        } catch (dev.zhiyu.server.net.OutboundPolicy.OutboundRefused e) {
            throw ProblemException.field(400, "URL_NOT_ALLOWED", "不允许的地址", "target", e.getMessage());
        }
    }

    /** Replaces the tenant's industry mapping with the uploaded CSV ({@code code,industry}; header line optional). */
    private void uploadIndustries(Context ctx) {
        String csv = new String(ctx.bodyAsBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, java.util.Set<String>> mapping;
        try {
            mapping = dev.zhiyu.server.reports.IndustryMap.parse(csv);
        } catch (dev.zhiyu.server.reports.IndustryMap.BadCsv e) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "csv", e.getMessage());
        }
        Principal p = Requests.principal(ctx);
        reports.industries(p.tenant()).replace(mapping, actor(p));
        int codes = mapping.values().stream().mapToInt(java.util.Set::size).sum();
        platform.audit().record(p, "report.industries", "report-industries", mapping.size() + " 个行业 " + codes + " 个代码", ctx.ip());
        ctx.json(Map.of("industries", mapping.size(), "codes", codes));
    }

    private void unsubscribe(Context ctx) {
        long id = Requests.id(ctx);
        Principal p = Requests.principal(ctx);
        var subscriptions = reports.subscriptions(p.tenant());
        var existing = subscriptions.find(id).orElseThrow(() -> ProblemException.notFound("没有编号为 " + id + " 的订阅"));
        if (existing.subscription().channel() == dev.zhiyu.reports.delivery.Subscription.Channel.WEBHOOK)
            RoleMatrix.require(p, RoleMatrix.WEBHOOK_SUBSCRIPTIONS, "删除 Webhook 订阅");
        if (!subscriptions.delete(id)) throw ProblemException.notFound("没有编号为 " + id + " 的订阅");
        platform.audit().record(p, "report.unsubscribe", "report-subscription:" + id, "", ctx.ip());
        ctx.status(204);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String raw, String field) {
        String name = raw == null ? "" : raw.toUpperCase(java.util.Locale.ROOT);
        return java.util.Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.field(400, "VALIDATION_FAILED", "参数无效", field,
                        "应为 " + java.util.Arrays.toString(type.getEnumConstants()) + " 之一"));
    }

    private static String actor(Principal p) {
        return p.kind() + ":" + p.credentialId();
    }
}
