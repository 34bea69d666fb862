package dev.zhiyu.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Console sign-in sessions, stored hashed in the platform database so a restart keeps people signed in. */
public final class SessionService {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private final Jdbi platform;
    private final TenantService tenants;
    private final UserService users;
    private final SignInThrottle throttle = new SignInThrottle(Clock.systemUTC());

    SessionService(Jdbi platform, TenantService tenants, UserService users) {
        this.platform = platform;
        this.tenants = tenants;
        this.users = users;
    }

    /**
     * A new session token if the credentials are right; empty otherwise (the caller cannot tell which part was
     * wrong). Repeated failures from one address make that address wait before its next try ({@link SignInThrottle}:
     * a progressive delay per name and per address, which a sign-in from another address never has to wait out).
     *
     * @param address the caller's network address
     */
    public String signIn(String tenantSlug, String username, String password, String address) {
        String t = tenantSlug == null ? "" : tenantSlug;
        String u = username == null ? "" : username;
        String a = address == null ? "" : address;
        Duration wait = throttle.wait(a, t, u);
        if (!wait.isZero() && !wait.isNegative()) {
            throw new TooManyAttempts(wait);
        }
        Optional<User> user = tenants.find(t)
                .filter(tenant -> tenant.status() != TenantStatus.PROVISIONING)
                .flatMap(tenant -> users.verify(tenant.id(), u, password == null ? "" : password));
        if (user.isEmpty()) {
            throttle.failed(a, t, u);
            throw new WrongCredentials();
        }
        throttle.succeeded(a, t, u);
        String token = Secrets.token(32);
        platform.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (:h, :u, :now, :exp)""")
                .bind("h", Secrets.sha256(token)).bind("u", user.get().id()).bind("now", Rows.now())
                .bind("exp", Rows.now().plus(LIFETIME)).execute());
        return token;
    }

    /** The tenant, username or password is wrong; deliberately not saying which. */
    public static final class WrongCredentials extends RuntimeException {
        WrongCredentials() {
            super("租户、用户名或密码不正确");
        }
    }

    /** Too many recent failures from this address: it must wait before its next try. */
    public static final class TooManyAttempts extends RuntimeException {
        private final Duration retryAfter;

        TooManyAttempts(Duration retryAfter) {
            super("登录失败次数过多，请 " + (retryAfter.toSeconds() < 60 ? Math.max(1, retryAfter.toSeconds()) + " 秒"
                    : (retryAfter.toMinutes() + (retryAfter.toSecondsPart() > 0 ? 1 : 0)) + " 分钟") + "后再试");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    Optional<Principal> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        return platform.withHandle(h -> h.createQuery("""
                        SELECT u.id AS user_id, u.display_name, u.role, t.*
                        FROM sessions s JOIN users u ON u.id = s.user_id JOIN tenants t ON t.id = u.tenant_id
                        WHERE s.token_hash = :h AND s.expires_at > :now AND NOT u.disabled AND t.status <> 'PROVISIONING'""")
                .bind("h", Secrets.sha256(token)).bind("now", Rows.now())
                .map((rs, ctx) -> new Principal(Rows.tenant(rs), Role.parse(rs.getString("role")).orElseThrow(),
                        Principal.Kind.SESSION, rs.getLong("user_id"), rs.getString("display_name")))
                .findOne());
    }

    public void signOut(String token) {
        if (token != null) {
            platform.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :h OR expires_at < :now")
                    .bind("h", Secrets.sha256(token)).bind("now", Rows.now()).execute());
        }
    }
}
