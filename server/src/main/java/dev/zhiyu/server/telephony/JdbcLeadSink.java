package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.lists.LeadSink;
import dev.zhiyu.telephony.lists.LongSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One import into a list, in one database transaction: {@link #commit()} makes the list (when this import creates
 * it), every lead and the import's history row visible together; {@link #abort()} — or a crash, which the database
 * rolls back — leaves nothing. A number already in the list is refused ({@code add} returns false), so re-uploading a
 * file adds nothing twice: the list's numbers are read once into a {@link LongSet} (no query per row).
 * <p>
 * Leads are written in JDBC batches of {@value #BATCH_ROWS} rows (multi-row INSERTs of {@value #ROWS_PER_STATEMENT})
 * by a writer thread, so reading and normalising the file overlaps with the database work. The connection is used
 * by one thread at a time: the caller's before the writer starts and after it has finished.
 */
public final class JdbcLeadSink implements LeadSink, AutoCloseable {
    static final int BATCH_ROWS = 5_000;
    static final int ROWS_PER_STATEMENT = 250;
    private static final List<Lead> END = List.of();
    private static final String INSERT = "INSERT INTO telephony_leads (lead_id, list_id, row_no, phone, dial, variables_json) VALUES ";

    private final Handle handle;
    private final String listId;
    private final LongSet known = new LongSet();
    private final BlockingQueue<List<Lead>> toWrite = new ArrayBlockingQueue<>(2);
    private List<Lead> pending = new ArrayList<>(BATCH_ROWS);
    private Thread writer;
    private volatile Throwable writeFailure;
    private volatile boolean cancelled;
    private final List<Consumer<Handle>> beforeCommit = new ArrayList<>();
    private long added;
    private boolean open = true;

    /** Appends to {@code listId}, which the caller has made sure exists. */
    JdbcLeadSink(Jdbi jdbi, String listId) {
        this(jdbi.open(), listId);
        try {
            loadKnown();
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    private JdbcLeadSink(Handle handle, String listId) {
        this.handle = handle;
        this.listId = listId;
        handle.begin();
    }

    /**
     * Creates the list {@code listId} inside the import's transaction: until {@link #commit()} nobody sees it, and an
     * aborted import leaves no empty list behind. Fails if the id is taken.
     */
    static JdbcLeadSink newList(Jdbi jdbi, String listId, String name, String by) {
        JdbcLeadSink s = new JdbcLeadSink(jdbi.open(), listId);
        try {
            s.handle.createUpdate("INSERT INTO telephony_lists (list_id, name, created_at, created_by) VALUES (:id, :n, :now, :by)")
                    .bind("id", listId).bind("n", cut(name, 200)).bindByType("now", now(), OffsetDateTime.class)
                    .bind("by", cut(by, 200)).execute();
            return s;
        } catch (RuntimeException e) {
            s.abort();
            throw e;
        }
    }

    /**
     * Appends to an existing list, holding its row locked until commit or abort (a second import into the same list,
     * from this process or another, waits); empty when there is no such list.
     */
    static Optional<JdbcLeadSink> existingList(Jdbi jdbi, String listId) {
        JdbcLeadSink s = new JdbcLeadSink(jdbi.open(), listId);
        try {
            boolean exists = s.handle.createQuery("SELECT list_id FROM telephony_lists WHERE list_id = :id FOR UPDATE")
                    .bind("id", listId).mapTo(String.class).findOne().isPresent();
            if (!exists) {
                s.abort();
                return Optional.empty();
            }
            s.loadKnown();
            return Optional.of(s);
        } catch (RuntimeException e) {
            s.abort();
            throw e;
        }
    }

    private void loadKnown() {
        try (PreparedStatement ps = handle.getConnection().prepareStatement(
                "SELECT phone FROM telephony_leads WHERE list_id = ?")) {
            ps.setFetchSize(10_000);
            ps.setString(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(LongSet.e164(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("读取名单 " + listId + " 已有号码失败：" + e.getMessage(), e);
        }
    }

    /** Numbers the list held before this import. */
    long knownBefore() {
        return known.size() - added;
    }

    /** Writes the import's history row ({@code telephony_imports}) in the same transaction, at commit. */
    void recordOnCommit(String fileName, ImportReport r, String by) {
        beforeCommit(h -> h.createUpdate("""
                        INSERT INTO telephony_imports (list_id, file_name, at, row_count, imported, duplicates, rejected,
                            file_error, created_by)
                        VALUES (:l, :f, :now, :rows, :imp, :dup, :rej, NULL, :by)""")
                .bind("l", listId).bind("f", cut(fileName, 300)).bindByType("now", now(), OffsetDateTime.class)
                .bind("rows", r.rows()).bind("imp", r.imported()).bind("dup", r.duplicates())
                .bind("rej", r.rejected()).bind("by", cut(by, 200)).execute());
    }

    /** Runs {@code action} in the import's transaction just before it commits (after every lead is written). */
    void beforeCommit(Consumer<Handle> action) {
        beforeCommit.add(action);
    }

    @Override
    public boolean add(Lead lead) {
        if (!lead.listId().equals(listId)) {
            throw new IllegalArgumentException("线索 " + lead.id() + " 不属于名单 " + listId);
        }
        failIfWriteFailed();
        if (!known.add(LongSet.e164(lead.phone()))) {
            return false; // the importer already drops duplicates within the file; this catches the list's own
        }
        added++;
        pending.add(lead);
        if (pending.size() >= BATCH_ROWS) {
            handOver();
        }
        return true;
    }

    private void handOver() {
        if (pending.isEmpty()) {
            return;
        }
        if (writer == null) {
            writer = Thread.ofPlatform().daemon().name("lead-writer-" + listId).start(this::writeLoop);
        }
        put(pending);
        pending = new ArrayList<>(BATCH_ROWS);
    }

    private void put(List<Lead> batch) {
        try {
            while (!toWrite.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                failIfWriteFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("导入被中断", e);
        }
    }

    private void failIfWriteFailed() {
        Throwable t = writeFailure;
        if (t != null) {
            throw new IllegalStateException("写入数据库失败：" + t.getMessage(), t);
        }
    }

    private void writeLoop() {
        try {
            Statements statements = new Statements(handle.getConnection());
            while (true) {
                List<Lead> batch = toWrite.take();
                if (batch == END || cancelled) {
                    statements.close();
                    return;
                }
                statements.write(batch);
            }
        } catch (Throwable t) {
            writeFailure = t;
            toWrite.clear(); // unblock a producer waiting on a full queue
        }
    }

    /**
     * Multi-row INSERTs: one statement for full groups, one for the remainder of a batch. Parameters are set on the
     * driver's own statement: pool and durability wrappers act on execute and commit, not on each of the six values
     * of a row (a million rows are six million calls).
     */
    private final class Statements {
        private final Connection c;
        private final PreparedStatement full;
        private final PreparedStatement fullValues;

        Statements(Connection c) throws SQLException {
            this.c = c;
            this.full = c.prepareStatement(sql(ROWS_PER_STATEMENT));
            this.fullValues = driverStatement(full);
        }

        void write(List<Lead> batch) throws SQLException {
            int i = 0;
            int statements = 0;
            for (; i + ROWS_PER_STATEMENT <= batch.size(); i += ROWS_PER_STATEMENT) {
                bind(fullValues, batch, i, ROWS_PER_STATEMENT);
                fullValues.addBatch();
                statements++;
            }
            if (statements > 0) {
                full.executeBatch();
            }
            if (i < batch.size()) {
                try (PreparedStatement rest = c.prepareStatement(sql(batch.size() - i))) {
                    bind(rest, batch, i, batch.size() - i);
                    rest.executeUpdate();
                }
            }
        }

        private void bind(PreparedStatement ps, List<Lead> batch, int from, int n) throws SQLException {
            int p = 1;
            for (int k = from; k < from + n; k++) {
                Lead l = batch.get(k);
                ps.setString(p++, l.id());
                ps.setString(p++, listId);
                ps.setLong(p++, l.row());
                ps.setString(p++, l.phone());
                ps.setString(p++, l.dial());
                ps.setString(p++, StoreSql.json(l.variables()));
            }
        }

        void close() throws SQLException {
            full.close();
        }
    }

    /** The innermost statement under the pool's (and H2 durability's) wrappers; the driver's unwrap returns itself. */
    private static PreparedStatement driverStatement(PreparedStatement ps) {
        PreparedStatement current = ps;
        try {
            for (int i = 0; i < 8; i++) {
                PreparedStatement inner = current.unwrap(PreparedStatement.class);
                if (inner == null || inner == current) {
                    break;
                }
                current = inner;
            }
            return current;
        } catch (SQLException e) {
            return ps;
        }
    }

    private static String sql(int rows) {
        StringBuilder sb = new StringBuilder(INSERT.length() + rows * 16).append(INSERT);
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)");
        }
        return sb.toString();
    }

    private void finishWriter() {
        if (writer != null) {
            put(END);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("导入被中断", e);
            }
            writer = null;
        }
    }

    @Override
    public void commit() {
        try {
            handOver();
            finishWriter();
            failIfWriteFailed();
            beforeCommit.forEach(a -> a.accept(handle));
            handle.commit();
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            close();
        }
    }

    @Override
    public void abort() {
        try {
            cancelled = true;
            toWrite.clear();
            if (writer != null) {
                toWrite.offer(END);
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                writer = null;
            }
            rollbackQuietly();
        } finally {
            close();
        }
    }

    private void rollbackQuietly() {
        if (open) {
            try {
                handle.rollback();
            } catch (RuntimeException ignored) {
                // closing the handle rolls back anyway
            }
        }
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            handle.close();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
