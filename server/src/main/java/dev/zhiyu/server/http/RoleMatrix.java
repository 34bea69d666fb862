package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Role;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which roles may call each route — the one place that decides it. {@link Guard} asks this table for every matched
 * request, the server refuses to start with a route the table does not list, and the README's role matrix documents
 * it. The few rules that depend on what a request asks for (rather than on the route) are named here too.
 */
final class RoleMatrix {
    /** Creating or deleting a webhook subscription: outbound requests to a URL the caller chose. */
    static final Set<Role> WEBHOOK_SUBSCRIPTIONS = Collections.unmodifiableSet(EnumSet.of(Role.ADMIN));
    /** {@code {"force": true}} on a reasons-matcher promotion the promotion rule refuses. */
    static final Set<Role> FORCED_PROMOTION = Collections.unmodifiableSet(EnumSet.of(Role.ADMIN));
    /** {@code "adjudicated": true} on an annotation: settling a conflict between annotators. */
    static final Set<Role> ADJUDICATION = Collections.unmodifiableSet(EnumSet.of(Role.ADMIN));

    private static final Map<String, Access> ROUTES = build();

    private RoleMatrix() {
    }

    private static Map<String, Access> build() {
        Map<String, Access> m = new LinkedHashMap<>();
        on(m, Access.PUBLIC, "POST /api/session", "GET /health", "GET /metrics", "GET /openapi.json");
        on(m, Access.ANY_ROLE,
                "GET /api/session", "DELETE /api/session", "GET /api/tenant", "GET /api/labels",
                "GET /api/console/companies",
                "GET /api/kg/companies/{ref}/profile", "GET /api/kg/companies/{ref}/ownership",
                "GET /api/kg/companies/{ref}/controller", "GET /api/kg/companies/{ref}/beneficial-owners",
                "GET /api/kg/companies/{ref}/penetration", "GET /api/kg/companies/{ref}/related-parties",
                "GET /api/kg/companies/{ref}/chain", "GET /api/kg/chains/{chain}/companies",
                "GET /api/kg/companies/{ref}/guarantee-circles",
                "GET /api/kg/companies/{ref}/tags", "GET /api/kg/paths", "GET /api/kg/tags/{tag}/companies",
                "POST /api/kg/sparql", "GET /api/kg/status",
                "GET /api/reports", "GET /api/reports/{id}", "GET /api/reports/{id}/sections",
                "GET /api/reports/{id}/paragraphs", "GET /api/reports/{id}/pages/{n}", "GET /api/reports/{id}/pages/{n}/info",
                "GET /api/reports/{id}/news", "GET /api/reports/{id}/history", "GET /api/report-feed",
                "GET /api/report-industries", "GET /api/report-thresholds", "GET /api/report-publishing");
        on(m, Access.ADMIN,
                "GET /api/users", "POST /api/users", "GET /api/users/{id}",
                "GET /api/keys", "POST /api/keys", "GET /api/keys/{id}", "DELETE /api/keys/{id}",
                "GET /api/audit", "GET /api/audit/{id}", "GET /api/usage",
                "POST /api/kg/import", "POST /api/kg/imports", "GET /api/kg/imports", "GET /api/kg/imports/{id}",
                "PUT /api/calls/recording-retention", "PUT /api/annotations/settings");
        on(m, Access.DIALOG,
                "POST /api/calls/lists", "GET /api/calls/lists", "GET /api/calls/lists/imports",
                "GET /api/calls/lists/imports/{id}", "GET /api/calls/lists/coverage", "GET /api/calls/status",
                "GET /api/calls/{uuid}/recording",
                "GET /api/calls/dnc", "POST /api/calls/dnc", "DELETE /api/calls/dnc/{phone}", "GET /api/calls/opt-outs",
                "GET /api/calls/opt-outs/reviews",
                "GET /api/calls/caller-ids", "POST /api/calls/caller-ids", "DELETE /api/calls/caller-ids/{number}",
                "GET /api/calls/holidays", "POST /api/calls/holidays", "DELETE /api/calls/holidays/{date}",
                "GET /api/calls/recording-retention",
                "GET /api/dialog/scenarios", "GET /api/dialog/faq", "POST /api/dialog/sessions", "POST /api/dialog/sessions/{id}/turns",
                "POST /api/dialog/sessions/{id}/silence", "DELETE /api/dialog/sessions/{id}",
                "GET /api/dialog/sessions/{id}/transcript",
                "POST /api/tasks", "GET /api/tasks", "GET /api/tasks/defaults", "GET /api/tasks/{id}", "POST /api/tasks/{id}/start",
                "POST /api/tasks/{id}/pause", "POST /api/tasks/{id}/resume", "POST /api/tasks/{id}/stop",
                "GET /api/tasks/{id}/stats", "GET /api/tasks/{id}/calls", "GET /api/tasks/{id}/events",
                "GET /api/console/compliance", "GET /api/console/dialog-stats");
        on(m, Access.SUPERVISION,
                "POST /api/calls/{uuid}/transfer", "POST /api/calls/opt-outs/{phone}/{decision}",
                "PUT /api/dialog/scenarios", "PUT /api/dialog/faq");
        on(m, Access.RESEARCH,
                "POST /api/reports",
                "PUT /api/reports/{id}/news", "POST /api/reports/{id}/news/approve", "POST /api/reports/{id}/news/reject",
                "GET /api/report-subscriptions", "POST /api/report-subscriptions", "DELETE /api/report-subscriptions/{id}",
                "PUT /api/report-industries", "PUT /api/report-thresholds/{indicator}", "PUT /api/report-publishing",
                "POST /api/report-fetches",
                "POST /api/reports/{id}/anomalies/{n}/explanation",
                "GET /api/reports/{id}/anomalies/{n}/explanation/annotations", "GET /api/reports/{id}/explanations",
                "GET /api/explanation-annotations/conflicts",
                "GET /api/reasons-matcher", "POST /api/reasons-matcher/train", "POST /api/reasons-matcher/{version}/promote",
                "POST /api/reasons-matcher/rollback");
        on(m, Access.MODELS,
                "GET /api/annotations/queue", "POST /api/annotations", "GET /api/annotations/conflicts",
                "GET /api/annotations/workbench", "GET /api/annotations/intents", "GET /api/annotations/agreement",
                "POST /api/annotations/batch", "POST /api/annotations/withdrawals", "GET /api/annotations/slots",
                "GET /api/annotations/settings",
                "GET /api/models", "GET /api/models/compare", "POST /api/models/train", "POST /api/models/rollback",
                "GET /api/models/{id}", "POST /api/models/{id}/promote",
                "GET /api/model-jobs", "GET /api/model-jobs/{id}", "POST /api/model-jobs/{id}/cancel",
                "GET /api/datasets", "POST /api/datasets");
        return Collections.unmodifiableMap(m);
    }

    private static void on(Map<String, Access> m, Access access, String... routes) {
        for (String route : routes) {
            if (m.put(route, access) != null) {
                throw new IllegalStateException("role matrix lists " + route + " twice");
            }
        }
    }

    /** The roles that may call {@code METHOD /path/{param}}; null for a route the matrix does not list. */
    static Access access(String method, String path) {
        return ROUTES.get(method + " " + path);
    }

    /**
     * The roles for the matched request: the matrix's entry, or — for a route not listed yet — the role it was
     * registered with (RoleMatrixTest fails until the route is listed).
     */
    static Access decide(io.javalin.http.Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        Access access = access(endpoint.method.name(), endpoint.path);
        if (access != null) {
            return access;
        }
        return ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("route missing from RoleMatrix: " + endpoint.method + " " + endpoint.path));
    }

    /** Every listed route ({@code METHOD /path}) with its roles, in the README's order. */
    static Map<String, Access> routes() {
        return ROUTES;
    }

    /** Refuses to serve routes nobody decided on: {@code undeclared} (routes registered without a role) must be listed. */
    static void checkCovers(Collection<String> registered) {
        List<String> missing = registered.stream().filter(r -> !ROUTES.containsKey(r)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("routes missing from RoleMatrix: " + missing);
        }
    }

    /** A rule within a route: 403 unless the caller's role is one of {@code roles}. */
    static void require(Principal p, Set<Role> roles, String what) {
        if (!roles.contains(p.role())) {
            throw ProblemException.of(403, "FORBIDDEN", "无权操作",
                    "只有" + Access.names(roles) + "可以" + what + "（当前角色：" + Access.chinese(p.role()) + "）");
        }
    }
}
