package dev.zhiyu.server.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** People who sign in to the console; each belongs to exactly one tenant. */
public final class UserService {
    private static final String SELECT = "SELECT id, tenant_id, username, display_name, role, disabled, created_at FROM users ";
    private final Jdbi platform;

    UserService(Jdbi platform) {
        this.platform = platform;
    }

    public User create(long tenantId, String username, String displayName, String role, String password) {
        Validation.username("username", username);
        String name = Validation.text("displayName", displayName == null ? username : displayName, 200);
        Role r = Validation.role("role", role);
        Validation.password("password", password);
        if (findByUsername(tenantId, username).isPresent()) {
            throw Failure.conflict("username", "用户名 " + username + " 已存在");
        }
        String hash = Secrets.hashPassword(password);
        try {
            long id = platform.withHandle(h -> h.createUpdate("""
                            INSERT INTO users (tenant_id, username, display_name, role, password_hash, created_at)
                            VALUES (:t, :u, :d, :r, :p, :now)""")
                    .bind("t", tenantId).bind("u", username).bind("d", name).bind("r", r.id()).bind("p", hash)
                    .bind("now", Rows.now()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return get(tenantId, id);
        } catch (UnableToExecuteStatementException e) {
            throw Failure.conflict("username", "用户名 " + username + " 已存在");
        }
    }

    public List<User> list(long tenantId) {
        return platform.withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t ORDER BY id")
                .bind("t", tenantId).map((rs, ctx) -> user(rs)).list());
    }

    /** Scoped by tenant: another tenant's id is simply not found. */
    public User get(long tenantId, long id) {
        return platform.withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t AND id = :id")
                        .bind("t", tenantId).bind("id", id).map((rs, ctx) -> user(rs)).findOne())
                .orElseThrow(() -> Failure.notFound("没有用户 " + id));
    }

    public Optional<User> findByUsername(long tenantId, String username) {
        return platform.withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t AND username = :u")
                .bind("t", tenantId).bind("u", username).map((rs, ctx) -> user(rs)).findOne());
    }

    public void setPassword(long tenantId, long id, String password) {
        Validation.password("password", password);
        String hash = Secrets.hashPassword(password);
        platform.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :p WHERE tenant_id = :t AND id = :id")
                .bind("p", hash).bind("t", tenantId).bind("id", id).execute());
    }

    /** The user if the password is right and the account is enabled. */
    Optional<User> verify(long tenantId, String username, String password) {
        Optional<String> stored = platform.withHandle(h -> h.createQuery(
                        "SELECT password_hash FROM users WHERE tenant_id = :t AND username = :u AND NOT disabled")
                .bind("t", tenantId).bind("u", username).mapTo(String.class).findOne());
        if (stored.isEmpty() || !Secrets.passwordMatches(password, stored.get())) {
            return Optional.empty();
        }
        return findByUsername(tenantId, username);
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getLong("tenant_id"), rs.getString("username"),
                rs.getString("display_name"), Role.parse(rs.getString("role")).orElseThrow(),
                rs.getBoolean("disabled"), Rows.instant(rs, "created_at"));
    }
}
