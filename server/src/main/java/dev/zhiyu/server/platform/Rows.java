package dev.zhiyu.server.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Column reading helpers; timestamps are stored as UTC {@code TIMESTAMP WITH TIME ZONE}. */
final class Rows {
    private Rows() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static Tenant tenant(ResultSet rs) throws SQLException {
        return new Tenant(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                TenantStatus.valueOf(rs.getString("status")), rs.getString("db_kind"), rs.getString("db_name"),
                instant(rs, "created_at"));
    }
}
