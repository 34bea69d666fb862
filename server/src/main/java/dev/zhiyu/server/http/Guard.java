package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.TenantStatus;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Authenticates, authorises and admits each matched request. The tenant comes only from the credential.
 * Each tenant gets its own limit of concurrent requests (a bulkhead: 429 beyond it), and admitted requests run in a
 * few CPU slots shared in turn between tenants ({@link FairShare}), so one tenant's burst cannot starve another.
 */
final class Guard {
    static final String SESSION_COOKIE = "zhiyu_session";
    static final String CONSOLE_HEADER = "X-Requested-With";
    private static final String PERMIT = "zhiyu.permit";
    private static final String SLOT = "zhiyu.slot";
    /** One running request per core and a spare one, so that a tenant idle until now can start at once. */
    private static final int SLOTS = Math.max(2, Runtime.getRuntime().availableProcessors() + 1);

    private final Platform platform;
    private final int tenantConcurrency;
    private final ConcurrentMap<Long, Semaphore> permits = new ConcurrentHashMap<>();
    private final FairShare fairShare = new FairShare(SLOTS, Duration.ofSeconds(30), Duration.ofSeconds(1));

    Guard(Platform platform, int tenantConcurrency) {
        this.platform = platform;
        this.tenantConcurrency = tenantConcurrency;
    }

    void beforeMatched(Context ctx) {
        if (ctx.endpoints().matchedHttpEndpoint() == null) {
            return; // a static file of the web console (its sign-in page included), not an API route
        }
        Access access = RoleMatrix.decide(ctx);
        if (access == Access.PUBLIC) {
            return;
        }
        Principal principal = authenticate(ctx).orElseThrow(ProblemException::unauthenticated);
        ctx.attribute(Requests.PRINCIPAL, principal);
        if (principal.tenant().status() == TenantStatus.DISABLED) {
            throw ProblemException.of(403, "TENANT_DISABLED", "租户已停用", "该租户已被停用，数据保留；请联系平台管理员启用");
        }
        if (!access.admits(principal.role())) {
            throw ProblemException.of(403, "FORBIDDEN", "无权操作", "当前角色（" + Access.chinese(principal.role())
                    + "）不能执行此操作；需要以下角色之一：" + access.names());
        }
        if (principal.kind() == Principal.Kind.SESSION && isUnsafe(ctx.method())
                && !"zhiyu".equals(ctx.header(CONSOLE_HEADER))) {
            throw ProblemException.of(403, "CSRF_CHECK_FAILED", "请求来源校验失败",
                    "控制台会话发起的修改请求须带请求头 " + CONSOLE_HEADER + ": zhiyu");
        }
        Semaphore s = permits.computeIfAbsent(principal.tenant().id(), id -> new Semaphore(tenantConcurrency));
        if (!s.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw ProblemException.of(429, "TENANT_BUSY", "请求过多", "本租户并发请求已达上限 " + tenantConcurrency + "，请稍后重试");
        }
        ctx.attribute(PERMIT, s);
        if (!ctx.endpoints().matchedHttpEndpoint().path.endsWith("/events")) { // a live event stream mostly waits
            admitFairly(ctx, principal.tenant().id());
        }
    }

    /** Waits for a running slot in turn with other tenants (see {@link FairShare}); 503 if none comes in time. */
    private void admitFairly(Context ctx, long tenant) {
        try {
            fairShare.enter(tenant);
        } catch (FairShare.Saturated e) {
            ctx.header("Retry-After", "5");
            throw ProblemException.of(503, "SERVER_BUSY", "服务繁忙", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.of(503, "SERVER_BUSY", "服务繁忙", "请求被中断，请重试");
        }
        ctx.attribute(SLOT, new Slot(fairShare, tenant));
    }

    /** The running slot a request holds, given back after it. */
    private record Slot(FairShare share, long tenant) {
    }

    /** Runs after every request, including failed ones. */
    static void release(Context ctx) {
        Slot slot = ctx.attribute(SLOT);
        if (slot != null) {
            ctx.attribute(SLOT, null);
            slot.share().leave(slot.tenant());
        }
        Semaphore s = ctx.attribute(PERMIT);
        if (s != null) {
            ctx.attribute(PERMIT, null);
            s.release();
        }
    }

    private Optional<Principal> authenticate(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return platform.authenticateKey(auth.substring(7).trim());
        }
        String key = ctx.header("X-API-Key");
        if (key != null) {
            return platform.authenticateKey(key.trim());
        }
        return platform.resolveSession(ctx.cookie(SESSION_COOKIE));
    }

    private static boolean isUnsafe(HandlerType method) {
        return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
    }
}
