package dev.zhiyu.server.models;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.models.AnnotationStore;
import dev.zhiyu.models.Correction;
import dev.zhiyu.models.DatasetSnapshot;
import dev.zhiyu.models.Example;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Corrections and dataset snapshots in the tenant database; rows are only ever inserted. */
final class JdbiAnnotationStore implements AnnotationStore {
    private final Jdbi jdbi;

    JdbiAnnotationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Correction add(Correction c) {
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO model_corrections (purpose, session_id, turn_index, utterance, intent, slots_json,
                            annotator, adjudicated, created_at)
                        VALUES (:purpose, :session, :turn, :text, :intent, :slots, :annotator, :adj, :at)""")
                .bind("purpose", c.purpose()).bind("session", c.sessionId()).bind("turn", c.turnIndex())
                .bind("text", c.text()).bind("intent", c.intent()).bind("slots", StoreJson.write(c.slots()))
                .bind("annotator", c.annotator()).bind("adj", c.adjudicated()).bind("at", StoreJson.time(c.createdAt()))
                .executeAndReturnGeneratedKeys("correction_id").mapTo(Long.class).one());
        return new Correction(id, c.purpose(), c.sessionId(), c.turnIndex(), c.text(), c.intent(), c.slots(),
                c.annotator(), c.adjudicated(), c.createdAt());
    }

    @Override
    public boolean withdraw(long id, String annotator) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM model_corrections WHERE correction_id = :id AND annotator = :a")
                .bind("id", id).bind("a", annotator).execute()) > 0;
    }

    @Override
    public List<Correction> corrections(String purpose) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM model_corrections WHERE purpose = :p ORDER BY correction_id")
                .bind("p", purpose)
                .map((rs, ctx) -> new Correction(rs.getLong("correction_id"), rs.getString("purpose"),
                        rs.getString("session_id"), rs.getInt("turn_index"), rs.getString("utterance"),
                        rs.getString("intent"),
                        StoreJson.read(rs.getString("slots_json"), new TypeReference<Map<String, String>>() { }),
                        rs.getString("annotator"), rs.getBoolean("adjudicated"), StoreJson.instant(rs, "created_at")))
                .list());
    }

    @Override
    public void saveSnapshot(DatasetSnapshot s, List<Example> examples) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO model_snapshots (snapshot_id, purpose, version, examples, held_out,
                                conflicts_left_out, sha256, created_at, created_by)
                            VALUES (:id, :p, :v, :n, :held, :conflicts, :sha, :at, :by)""")
                    .bind("id", s.id()).bind("p", s.purpose()).bind("v", s.version()).bind("n", s.examples())
                    .bind("held", s.heldOut()).bind("conflicts", s.conflictsLeftOut()).bind("sha", s.sha256())
                    .bind("at", StoreJson.time(s.createdAt())).bind("by", s.createdBy()).execute();
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO model_snapshot_examples (snapshot_id, ordinal, intent, utterance, held_out)
                    VALUES (:id, :i, :intent, :text, :held)""");
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                batch.bind("id", s.id()).bind("i", i).bind("intent", e.intent()).bind("text", e.text())
                        .bind("held", e.heldOut()).add();
            }
            batch.execute();
        });
    }

    @Override
    public Optional<DatasetSnapshot> snapshot(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM model_snapshots WHERE snapshot_id = :id").bind("id", id)
                .map((rs, c) -> snapshot(rs)).findOne());
    }

    @Override
    public List<DatasetSnapshot> snapshots(String purpose) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM model_snapshots WHERE purpose = :p ORDER BY version DESC")
                .bind("p", purpose).map((rs, c) -> snapshot(rs)).list());
    }

    @Override
    public List<Example> examples(String snapshotId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT intent, utterance, held_out FROM model_snapshot_examples WHERE snapshot_id = :id ORDER BY ordinal")
                .bind("id", snapshotId)
                .map((rs, c) -> new Example(rs.getString("intent"), rs.getString("utterance"), rs.getBoolean("held_out")))
                .list());
    }

    private static DatasetSnapshot snapshot(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DatasetSnapshot(rs.getString("snapshot_id"), rs.getString("purpose"), rs.getInt("version"),
                rs.getInt("examples"), rs.getInt("held_out"), rs.getInt("conflicts_left_out"), rs.getString("sha256"),
                StoreJson.instant(rs, "created_at"), rs.getString("created_by"));
    }
}
