package dev.zhiyu.server.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys look like {@code zy_<public id>_<secret>}. Only the SHA-256 of the secret is stored;
 * the key's tenant comes from the stored row, never from the request.
 */
public final class ApiKeyService {
    private static final String PREFIX = "zy_";
    private static final String SELECT = "SELECT id, tenant_id, public_id, name, role, created_by, created_at, revoked_at FROM api_keys ";
    private final Jdbi platform;

    ApiKeyService(Jdbi platform) {
        this.platform = platform;
    }

    public IssuedKey create(long tenantId, String name, String role, String createdBy) {
        String cleanName = Validation.text("name", name, 100);
        Role r = Validation.role("role", role);
        String publicId = Secrets.publicId(12);
        String secret = Secrets.token(32);
        long id = platform.withHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (tenant_id, public_id, name, role, secret_hash, created_by, created_at)
                        VALUES (:t, :p, :n, :r, :h, :by, :now)""")
                .bind("t", tenantId).bind("p", publicId).bind("n", cleanName).bind("r", r.id())
                .bind("h", Secrets.sha256(secret)).bind("by", createdBy).bind("now", Rows.now())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new IssuedKey(get(tenantId, id), PREFIX + publicId + "_" + secret);
    }

    public List<ApiKey> list(long tenantId) {
        return platform.withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t ORDER BY id")
                .bind("t", tenantId).map((rs, ctx) -> key(rs)).list());
    }

    public ApiKey get(long tenantId, long id) {
        return platform.withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t AND id = :id")
                        .bind("t", tenantId).bind("id", id).map((rs, ctx) -> key(rs)).findOne())
                .orElseThrow(() -> Failure.notFound("没有 API 密钥 " + id));
    }

    /** Revoking twice is harmless; the first revocation time is kept. */
    public ApiKey revoke(long tenantId, long id) {
        get(tenantId, id);
        platform.useHandle(h -> h.createUpdate(
                        "UPDATE api_keys SET revoked_at = :now WHERE tenant_id = :t AND id = :id AND revoked_at IS NULL")
                .bind("now", Rows.now()).bind("t", tenantId).bind("id", id).execute());
        return get(tenantId, id);
    }

    /** The principal for a presented key, if the key exists, is not revoked and its tenant is registered. */
    Optional<Principal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        int sep = presented.indexOf('_', PREFIX.length());
        if (sep < 0) {
            return Optional.empty();
        }
        String publicId = presented.substring(PREFIX.length(), sep);
        String secretHash = Secrets.sha256(presented.substring(sep + 1));
        return platform.withHandle(h -> h.createQuery("""
                        SELECT k.id AS key_id, k.name AS key_name, k.role, k.secret_hash, t.*
                        FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                        WHERE k.public_id = :p AND k.revoked_at IS NULL AND t.status <> 'PROVISIONING'""")
                .bind("p", publicId)
                .map((rs, ctx) -> Secrets.sameHash(secretHash, rs.getString("secret_hash"))
                        ? new Principal(Rows.tenant(rs), Role.parse(rs.getString("role")).orElseThrow(),
                                Principal.Kind.API_KEY, rs.getLong("key_id"), rs.getString("key_name"))
                        : null)
                .findOne());
    }

    static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getLong("tenant_id"), PREFIX + rs.getString("public_id"),
                rs.getString("name"), Role.parse(rs.getString("role")).orElseThrow(), rs.getString("created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "revoked_at"));
    }
}
