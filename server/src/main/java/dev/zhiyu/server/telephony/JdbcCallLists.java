package dev.zhiyu.server.telephony;

import static dev.zhiyu.server.telephony.StoreSql.JSON;
import static dev.zhiyu.server.telephony.StoreSql.odt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.zhiyu.telephony.CallLists;
import dev.zhiyu.telephony.Lead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link CallLists} in one tenant's database: {@code telephony_lists} and their {@code telephony_leads}. */
final class JdbcCallLists implements CallLists {
    static final String LEAD_COLUMNS = "lead_id, list_id, row_no, phone, dial, variables_json";
    private static final String LIST_ROW = """
            SELECT l.list_id, l.name, l.created_at, (SELECT COUNT(*) FROM telephony_leads x WHERE x.list_id = l.list_id) n
            FROM telephony_lists l""";

    private final Jdbi jdbi;

    JdbcCallLists(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates the list if it does not exist yet; returns whether it was created. */
    boolean ensureList(String listId, String name, String by) {
        return jdbi.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM telephony_lists WHERE list_id = :id").bind("id", listId)
                    .mapTo(Integer.class).one() > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO telephony_lists (list_id, name, created_at, created_by) VALUES (:id, :n, :now, :by)")
                    .bind("id", listId).bind("n", name).bindByType("now", odt(Instant.now()), OffsetDateTime.class).bind("by", by).execute();
            return true;
        });
    }

    /** A sink for one import into {@code listId}: everything it adds becomes visible at commit, or nothing. */
    JdbcLeadSink sink(String listId) {
        return new JdbcLeadSink(jdbi, listId);
    }

    @Override
    public Optional<StoredList> list(String listId) {
        return jdbi.withHandle(h -> h.createQuery(LIST_ROW + " WHERE l.list_id = :id")
                .bind("id", listId).map(JdbcCallLists::storedList).findOne());
    }

    @Override
    public List<StoredList> lists() {
        return jdbi.withHandle(h -> h.createQuery(LIST_ROW + " ORDER BY l.created_at DESC, l.list_id")
                .map(JdbcCallLists::storedList).list());
    }

    private static StoredList storedList(ResultSet rs, StatementContext c) throws SQLException {
        return new StoredList(rs.getString("list_id"), rs.getString("name"), rs.getLong("n"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public List<Lead> leads(String listId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + LEAD_COLUMNS + " FROM telephony_leads WHERE list_id = :l ORDER BY row_no, lead_id")
                .bind("l", listId).map(JdbcCallLists::leadRow).list());
    }

    /** Streamed in one transaction (PostgreSQL fetches by cursor only inside one), 1,000 rows at a time. */
    @Override
    public void forEachLead(String listId, Consumer<Lead> each) {
        jdbi.useTransaction(h -> h.createQuery(
                        "SELECT " + LEAD_COLUMNS + " FROM telephony_leads WHERE list_id = :l ORDER BY row_no, lead_id")
                .bind("l", listId).setFetchSize(1_000).map(JdbcCallLists::leadRow).forEach(each));
    }

    @Override
    public String phoneOf(String listId, String leadId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT phone FROM telephony_leads WHERE lead_id = :id AND list_id = :l")
                .bind("id", leadId).bind("l", listId).mapTo(String.class).findOne().orElse(""));
    }

    @Override
    public Optional<Lead> lead(String listId, String leadId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + LEAD_COLUMNS + " FROM telephony_leads WHERE lead_id = :id AND list_id = :l")
                .bind("id", leadId).bind("l", listId).map(JdbcCallLists::leadRow).findOne());
    }

    static Lead leadRow(ResultSet rs, StatementContext c) throws SQLException {
        try {
            Map<String, String> vars = JSON.readValue(rs.getString("variables_json"), new TypeReference<>() {
            });
            return new Lead(rs.getString("lead_id"), rs.getString("list_id"), rs.getLong("row_no"), rs.getString("phone"),
                    rs.getString("dial"), vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
