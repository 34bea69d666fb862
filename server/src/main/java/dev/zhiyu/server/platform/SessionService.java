package dev.zhiyu.server.platform;

import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Console sign-in sessions, stored hashed in the platform database so a restart keeps people signed in. */
public final class SessionService {
    public static final Duration LIFETIME = Duration.ofHours(12);
    private final Jdbi platform;
    private final TenantService tenants;
    private final UserService users;

    SessionService(Jdbi platform, TenantService tenants, UserService users) {
        this.platform = platform;
        this.tenants = tenants;
        this.users = users;
    }

    /** A new session token if the credentials are right; empty otherwise (the caller cannot tell which part was wrong). */
    public Optional<String> signIn(String tenantSlug, String username, String password) {
        Optional<User> user = tenants.find(tenantSlug == null ? "" : tenantSlug)
                .filter(t -> t.status() != TenantStatus.PROVISIONING)
                .flatMap(t -> users.verify(t.id(), username == null ? "" : username, password == null ? "" : password));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String token = Secrets.token(32);
        platform.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (:h, :u, :now, :exp)""")
                .bind("h", Secrets.sha256(token)).bind("u", user.get().id()).bind("now", Rows.now())
                .bind("exp", Rows.now().plus(LIFETIME)).execute());
        return Optional.of(token);
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
