package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import io.javalin.http.Context;

/** Small accessors every route uses. */
final class Requests {
    static final String PRINCIPAL = "zhiyu.principal";

    private Requests() {
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw ProblemException.unauthenticated();
        }
        return p;
    }

    /** A path id; anything that is not a positive number cannot name a resource, so it is simply not found. */
    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ProblemException.notFound("没有编号为 " + raw + " 的资源");
    }

    /**
     * No request value may carry U+0000 (PostgreSQL cannot store it, and no name, phone or list needs it): path and
     * query parameters and form fields (multipart included) are checked for every route before its handler runs.
     * JSON bodies are checked by {@link Json}.
     */
    static void rejectNul(Context ctx) {
        ctx.pathParamMap().forEach((name, value) -> nul(name, value));
        ctx.queryParamMap().forEach((name, values) -> values.forEach(v -> nul(name, v)));
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
            ctx.formParamMap().forEach((name, values) -> values.forEach(v -> nul(name, v)));
        }
    }

    private static void nul(String name, String value) {
        if (name.indexOf('\0') >= 0 || value != null && value.indexOf('\0') >= 0) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", name.replace('\0', ' '),
                    "不能包含空字符（U+0000）：请删除后重试");
        }
    }

    static int intQuery(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ProblemException.field(400, "VALIDATION_FAILED", "参数无效", name, "应为 " + min + " 到 " + max + " 之间的整数");
    }

    /** An absolute-or-relative URI the caller gave in {@code field}; a 400 naming the field when it is none. */
    static java.net.URI uri(String raw, String field) {
        if (raw != null) {
            try {
                return new java.net.URI(raw.strip());
            } catch (java.net.URISyntaxException ignored) {
                // fall through
            }
        }
        throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", field, "不是有效的地址");
    }

    /** The request's language: {@code ?lang=}, the console's {@code X-Zhiyu-Lang}, then Accept-Language; Chinese by default. */
    static dev.zhiyu.server.labels.Lang lang(Context ctx) {
        String explicit = ctx.queryParam("lang");
        return dev.zhiyu.server.labels.Lang.of(explicit != null ? explicit : ctx.header("X-Zhiyu-Lang"),
                ctx.header("Accept-Language"));
    }
}
