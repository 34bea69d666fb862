package dev.zhiyu.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.knowledge.BodsImport;
import dev.zhiyu.knowledge.Direction;
import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.GraphLoadingException;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.SparqlLimits;
import dev.zhiyu.knowledge.TableImport;
import dev.zhiyu.server.knowledge.KgImports;
import dev.zhiyu.server.knowledge.TenantGraphs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** Enterprise knowledge graph queries on the caller's tenant view (shared reference graph + the tenant's own data). */
final class KnowledgeRoutes {
    private final TenantGraphs graphs;
    private final KgImports imports;

    KnowledgeRoutes(TenantGraphs graphs, KgImports imports) {
        this.graphs = graphs;
        this.imports = imports;
    }

    record SparqlRequest(String query, Long timeoutMillis, Integer maxRows) {
    }

    void register(RoutesConfig r) {
        r.get("/api/kg/companies/{ref}/profile", company(KnowledgeGraph::profile));
        r.get("/api/kg/companies/{ref}/ownership", company(KnowledgeGraph::ownership));
        r.get("/api/kg/companies/{ref}/controller", company(KnowledgeGraph::controller));
        r.get("/api/kg/companies/{ref}/beneficial-owners", company(KnowledgeGraph::beneficialOwners));
        r.get("/api/kg/companies/{ref}/penetration", this::penetration);
        r.get("/api/kg/companies/{ref}/related-parties", company((g, c) -> g.relations().relatedParties(c)));
        r.get("/api/kg/companies/{ref}/chain", this::chain);
        r.get("/api/kg/chains/{chain}/companies", this::chainCompanies);
        r.get("/api/kg/companies/{ref}/guarantee-circles", company((g, c) -> g.relations().guaranteeCircles(c)));
        r.get("/api/kg/companies/{ref}/tags", company((g, c) -> graphs.rules().apply(g, c)));
        r.get("/api/kg/paths", this::paths);
        r.get("/api/kg/tags/{tag}/companies", this::tagSearch);
        r.post("/api/kg/sparql", this::sparql);
        r.get("/api/kg/status", ctx -> {
            String slug = Requests.principal(ctx).tenant().slug();
            graphs.warm(slug);
            ctx.json(graphs.readiness(slug));
        });
        r.post("/api/kg/import", this::importFacts);
        r.post("/api/kg/imports", this::submitImport);
        r.get("/api/kg/imports", this::recentImports);
        r.get("/api/kg/imports/{id}", this::oneImport);
    }

    private KnowledgeGraph graph(Context ctx) {
        return graphs.forTenant(Requests.principal(ctx).tenant().slug());
    }

    private Handler company(java.util.function.BiFunction<KnowledgeGraph, String, Object> query) {
        return ctx -> ctx.json(query.apply(graph(ctx), ctx.pathParam("ref")));
    }

    private void penetration(Context ctx) {
        String dir = ctx.queryParam("direction") == null ? "up" : ctx.queryParam("direction");
        if (!dir.equals("up") && !dir.equals("down")) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "direction", "应为 up 或 down");
        }
        int levels = Requests.intQuery(ctx, "levels", 3, 1, 20);
        int maxNodes = Requests.intQuery(ctx, "maxNodes", 500, 1, 5_000);
        ctx.json(graph(ctx).penetrate(ctx.pathParam("ref"), dir.equals("up") ? Direction.UP : Direction.DOWN,
                levels, maxNodes));
    }

    private void chain(Context ctx) {
        int depth = Requests.intQuery(ctx, "depth", 1, 1, 6);
        ctx.json(graph(ctx).relations().chainNeighbours(ctx.pathParam("ref"), depth));
    }

    private void chainCompanies(Context ctx) {
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.intQuery(ctx, "limit", 100, 1, 1_000);
        ctx.json(graph(ctx).relations().companiesInChain(ctx.pathParam("chain"), offset, limit));
    }

    private void paths(Context ctx) {
        String from = required(ctx, "from");
        String to = required(ctx, "to");
        int k = Requests.intQuery(ctx, "k", 3, 1, 20);
        int hops = Requests.intQuery(ctx, "maxHops", 4, 1, 8);
        ctx.json(graph(ctx).relations().paths(from, to, k, hops));
    }

    /**
     * A scan of the whole view: while the rest of a saved index is read after a restart it answers if what can be read
     * within its budget gives the whole answer, else 503 「图谱索引读入中 62%，请稍候」 with Retry-After (never a long wait).
     */
    private void tagSearch(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 100, 1, 1_000);
        try {
            ctx.json(graphs.rules().search(graph(ctx), ctx.pathParam("tag"), limit));
        } catch (GraphLoadingException e) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            throw ProblemException.of(503, "KG_LOADING", "图谱加载中", e.getMessage());
        }
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", name, "不能为空");
        }
        return v;
    }

    private void sparql(Context ctx) {
        SparqlRequest req = Json.read(ctx, SparqlRequest.class);
        if (req.query() == null || req.query().isBlank()) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "query", "不能为空");
        }
        SparqlLimits limits = new SparqlLimits(req.timeoutMillis() == null ? 5_000 : req.timeoutMillis(),
                req.maxRows() == null ? 1_000 : req.maxRows());
        ctx.json(graph(ctx).sparql(req.query(), limits));
    }

    /** ?format=tables (the documented JSON tables) or bods; the body is the document itself. Admin only. */
    private void importFacts(Context ctx) {
        String format = ctx.queryParam("format") == null ? "tables" : ctx.queryParam("format");
        JsonNode doc = Json.read(ctx, JsonNode.class);
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FactBatch batch = switch (format) {
            case "tables" -> TableImport.json("请求体", bytes);
            case "bods" -> BodsImport.read("请求体", bytes);
            default -> throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "format", "应为 tables 或 bods");
        };
        var p = Requests.principal(ctx);
        String name = ctx.queryParam("name") == null || ctx.queryParam("name").isBlank() ? "API 导入" : ctx.queryParam("name");
        ctx.json(Map.of("report", imports.importNow(p.tenant(), format, name, bytes.length, batch, p.consumer())));
    }

    /** The body is the file itself (JSON), read within the same limit as the synchronous route; 202 and a job id. */
    private void submitImport(Context ctx) {
        String format = ctx.queryParam("format") == null ? "tables" : ctx.queryParam("format");
        if (!format.equals("tables") && !format.equals("bods")) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", "format", "应为 tables 或 bods");
        }
        String name = ctx.queryParam("name");
        name = name == null || name.isBlank() ? "上传文件" : name;
        byte[] body = boundedBody(ctx);
        if (body.length == 0) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "文件为空", "file", "文件是空的：请选择含有数据的 JSON 文件");
        }
        var p = Requests.principal(ctx);
        var job = imports.submit(p.tenant(), format, name, body, p.consumer());
        ctx.status(202).header("Location", "/api/kg/imports/" + job.id())
                .json(Map.of("id", job.id(), "status", job.status()));
    }

    private void recentImports(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 20, 1, 100);
        Long max = ctx.attribute(Json.BODY_LIMIT);
        ctx.json(Map.of("maxBytes", max == null ? 0 : max,
                "imports", imports.recent(Requests.principal(ctx).tenant(), limit)));
    }

    private void oneImport(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("没有这个导入：" + ctx.pathParam("id"));
        }
        ctx.json(imports.find(Requests.principal(ctx).tenant(), id)
                .orElseThrow(() -> ProblemException.notFound("没有这个导入：" + id)));
    }

    /** At most the request's limit (set by ApiServer.admit) even for a chunked body; beyond it 413. */
    private static byte[] boundedBody(Context ctx) {
        Long limit = ctx.attribute(Json.BODY_LIMIT);
        long max = limit == null ? Integer.MAX_VALUE - 9 : limit;
        try {
            byte[] body = ctx.bodyInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw ApiServer.bodyTooLarge(max);
            }
            return body;
        } catch (java.io.IOException e) {
            throw ProblemException.of(400, "BODY_UNREADABLE", "无法读取请求体", "上传中断：请重新上传");
        }
    }
}
