package dev.zhiyu.server.http;

import io.javalin.http.Context;

/**
 * Headers on every response — console files, API answers and errors alike. The console loads only its own scripts,
 * styles and the ECharts WebJar from this origin, so the policy allows nothing else: no inline or injected script runs,
 * no other site may frame the console, and API answers (which carry keys, names and phone numbers) are not stored by
 * browsers or proxies.
 */
final class SecurityHeaders {
    /** ECharts writes tooltip markup with inline style attributes, hence 'unsafe-inline' for styles only. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store"); // a route may relax it for what is not secret (rendered pages)
        }
    }
}
