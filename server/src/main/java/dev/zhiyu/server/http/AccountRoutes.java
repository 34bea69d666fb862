package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.ApiKey;
import dev.zhiyu.server.platform.IssuedKey;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.SessionService;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import dev.zhiyu.server.platform.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Instant;

/** Sign-in, the caller's tenant, and the tenant's users and API keys. */
final class AccountRoutes {
    record SignIn(String tenant, String username, String password) {
    }

    record NewUser(String username, String displayName, String role, String password) {
    }

    record NewKey(String name, String role) {
    }

    record Me(String tenant, String tenantName, String role, String kind, long credentialId, String name) {
    }

    record TenantView(String slug, String name, String status, String databaseKind, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.slug(), t.name(), t.status().name(), t.dbKind(), t.createdAt());
        }
    }

    record IssuedKeyView(ApiKey key, String secret, String notice) {
    }

    private final Platform platform;
    /** zhiyu.http.secure.cookies: the session cookie is Secure (sent over HTTPS only), e.g. behind a TLS proxy. */
    private final boolean secureCookies;

    AccountRoutes(Platform platform, boolean secureCookies) {
        this.platform = platform;
        this.secureCookies = secureCookies;
    }

    void register(RoutesConfig r) {
        r.post("/api/session", this::signIn);
        r.get("/api/session", this::me);
        r.delete("/api/session", this::signOut);
        r.get("/api/tenant", ctx -> ctx.json(TenantView.of(Requests.principal(ctx).tenant())));
        r.get("/api/users", ctx -> ctx.json(platform.users().list(tenantId(ctx))));
        r.post("/api/users", this::createUser);
        r.get("/api/users/{id}", ctx -> ctx.json(platform.users().get(tenantId(ctx), Requests.id(ctx))));
        r.get("/api/keys", ctx -> ctx.json(platform.keys().list(tenantId(ctx))));
        r.post("/api/keys", this::createKey);
        r.get("/api/keys/{id}", ctx -> ctx.json(platform.keys().get(tenantId(ctx), Requests.id(ctx))));
        r.delete("/api/keys/{id}", this::revokeKey);
    }

    private static long tenantId(Context ctx) {
        return Requests.principal(ctx).tenant().id();
    }

    private void signIn(Context ctx) {
        SignIn in = Json.read(ctx, SignIn.class);
        String token;
        try {
            token = platform.sessions().signIn(in.tenant(), in.username(), in.password(), ctx.ip());
        } catch (SessionService.WrongCredentials e) {
            throw ProblemException.of(401, "SIGN_IN_FAILED", "登录失败", e.getMessage());
        } catch (SessionService.TooManyAttempts e) {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds() + (e.retryAfter().toNanosPart() > 0 ? 1 : 0))));
            throw ProblemException.of(429, "SIGN_IN_THROTTLED", "登录尝试过多", e.getMessage());
        }
        Principal p = platform.resolveSession(token).orElseThrow(ProblemException::unauthenticated);
        if (p.tenant().status() == TenantStatus.DISABLED) {
            platform.sessions().signOut(token);
            throw ProblemException.of(403, "TENANT_DISABLED", "租户已停用", "该租户已被停用，数据保留；请联系平台管理员启用");
        }
        Cookie cookie = new Cookie(Guard.SESSION_COOKIE, token, "/", (int) SessionService.LIFETIME.toSeconds(),
                secureCookies || ctx.req().isSecure(), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        platform.audit().record(p, "session.sign_in", "user:" + p.credentialId(), "", ctx.ip());
        ctx.status(201).json(me(p));
    }

    private void me(Context ctx) {
        ctx.json(me(Requests.principal(ctx)));
    }

    private static Me me(Principal p) {
        return new Me(p.tenant().slug(), p.tenant().name(), p.role().id(),
                p.kind() == Principal.Kind.API_KEY ? "api_key" : "session", p.credentialId(), p.name());
    }

    private void signOut(Context ctx) {
        platform.sessions().signOut(ctx.cookie(Guard.SESSION_COOKIE));
        ctx.removeCookie(Guard.SESSION_COOKIE, "/");
        ctx.status(204);
    }

    private void createUser(Context ctx) {
        NewUser in = Json.read(ctx, NewUser.class);
        Principal p = Requests.principal(ctx);
        User u = platform.users().create(p.tenant().id(), in.username(), in.displayName(), in.role(), in.password());
        platform.audit().record(p, "user.create", "user:" + u.id(), u.username() + " " + u.role().id(), ctx.ip());
        ctx.status(201).json(u);
    }

    private void createKey(Context ctx) {
        NewKey in = Json.read(ctx, NewKey.class);
        Principal p = Requests.principal(ctx);
        IssuedKey k = platform.keys().create(p.tenant().id(), in.name(), in.role(), p.consumer() + " " + p.name());
        platform.audit().record(p, "api_key.create", "key:" + k.key().id(), k.key().name() + " " + k.key().role().id(),
                ctx.ip());
        ctx.status(201).json(new IssuedKeyView(k.key(), k.secret(), "密钥只显示这一次，请立即妥善保存"));
    }

    private void revokeKey(Context ctx) {
        Principal p = Requests.principal(ctx);
        ApiKey k = platform.keys().revoke(p.tenant().id(), Requests.id(ctx));
        platform.audit().record(p, "api_key.revoke", "key:" + k.id(), k.name(), ctx.ip());
        ctx.json(k);
    }
}
