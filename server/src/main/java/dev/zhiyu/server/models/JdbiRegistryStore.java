package dev.zhiyu.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.models.LiveChange;
import dev.zhiyu.models.ModelStatus;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.models.RegistryStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Model versions and their live history in the tenant database. */
final class JdbiRegistryStore implements RegistryStore {
    private static final String SELECT = "SELECT * FROM model_versions";

    private final Jdbi jdbi;

    JdbiRegistryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(ModelVersion v) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO model_versions (version_id, purpose, parent_id, snapshot_id, hyper_json, metrics_json,
                            size_bytes, sha256, created_at, created_by, status)
                        VALUES (:id, :purpose, :parent, :snap, :hyper, :metrics, :size, :sha, :at, :by, :status)""")
                .bind("id", v.id()).bind("purpose", v.purpose()).bind("parent", v.parent())
                .bind("snap", v.datasetSnapshotId()).bind("hyper", StoreJson.write(v.hyperParameters()))
                .bind("metrics", StoreJson.write(v.metrics())).bind("size", v.sizeBytes()).bind("sha", v.sha256())
                .bind("at", StoreJson.time(v.createdAt())).bind("by", v.createdBy()).bind("status", v.status().name())
                .execute());
    }

    @Override
    public Optional<ModelVersion> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE version_id = :id").bind("id", id)
                .map((rs, c) -> version(rs)).findOne());
    }

    @Override
    public List<ModelVersion> list(String purpose) {
        if (purpose == null) {
            return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY created_at DESC").map((rs, c) -> version(rs)).list());
        }
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE purpose = :p ORDER BY created_at DESC")
                .bind("p", purpose).map((rs, c) -> version(rs)).list());
    }

    @Override
    public Optional<ModelVersion> live(String purpose) {
        return jdbi.withHandle(h -> live(h, purpose));
    }

    private static Optional<ModelVersion> live(Handle h, String purpose) {
        return h.createQuery(SELECT + " WHERE purpose = :p AND status = 'LIVE'").bind("p", purpose)
                .map((rs, c) -> version(rs)).findOne();
    }

    @Override
    public void makeLive(String purpose, String expectedLive, String id, String by, String reason) {
        jdbi.useTransaction(h -> {
            String current = live(h, purpose).map(ModelVersion::id).orElse(null);
            if (!Objects.equals(current, expectedLive)) {
                throw dev.zhiyu.models.ModelRequestException.conflict("用途 " + purpose + " 的线上版本已被同时改动，请重试");
            }
            h.createUpdate("UPDATE model_versions SET status = 'RETIRED' WHERE purpose = :p AND status = 'LIVE'")
                    .bind("p", purpose).execute();
            int n = h.createUpdate("UPDATE model_versions SET status = 'LIVE' WHERE version_id = :id AND purpose = :p")
                    .bind("id", id).bind("p", purpose).execute();
            if (n != 1) {
                throw new dev.zhiyu.models.UnknownIdException("没有用途 " + purpose + " 的版本 " + id);
            }
            h.createUpdate("""
                            INSERT INTO model_live_changes (purpose, from_id, to_id, changed_at, changed_by, reason)
                            VALUES (:p, :from, :to, :at, :by, :reason)""")
                    .bind("p", purpose).bind("from", current).bind("to", id).bind("at", StoreJson.time(Instant.now()))
                    .bind("by", by).bind("reason", reason).execute();
        });
    }

    @Override
    public List<LiveChange> history(String purpose) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM model_live_changes WHERE purpose = :p ORDER BY change_id DESC")
                .bind("p", purpose)
                .map((rs, c) -> new LiveChange(rs.getString("purpose"), rs.getString("from_id"), rs.getString("to_id"),
                        StoreJson.instant(rs, "changed_at"), rs.getString("changed_by"), rs.getString("reason")))
                .list());
    }

    @Override
    public long lastChange() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(change_id), 0) FROM model_live_changes")
                .mapTo(Long.class).one());
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString("version_id"), rs.getString("purpose"), rs.getString("parent_id"),
                rs.getString("snapshot_id"), StoreJson.read(rs.getString("hyper_json"), new TypeReference<Map<String, String>>() { }),
                StoreJson.read(rs.getString("metrics_json"), new TypeReference<Map<String, Double>>() { }),
                rs.getLong("size_bytes"), rs.getString("sha256"), StoreJson.instant(rs, "created_at"),
                rs.getString("created_by"), ModelStatus.valueOf(rs.getString("status")));
    }
}
