package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.lists.LeadSink;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * One import into a list, in one transaction: {@link #commit()} makes every row visible, {@link #abort()} none.
 * A number already in the list is refused ({@code add} returns false), so re-uploading a file adds nothing twice.
 */
public final class JdbcLeadSink implements LeadSink, AutoCloseable {
    private static final int BATCH = 500;

    private final Handle handle;
    private final String listId;
    private PreparedBatch batch;
    private int batched;
    private boolean open = true;

    JdbcLeadSink(Jdbi jdbi, String listId) {
        this.handle = jdbi.open();
        this.listId = listId;
        handle.begin();
    }

    @Override
    public boolean add(Lead lead) {
        if (!lead.listId().equals(listId)) {
            throw new IllegalArgumentException("线索 " + lead.id() + " 不属于名单 " + listId);
        }
        boolean known = handle.createQuery("SELECT COUNT(*) FROM telephony_leads WHERE list_id = :l AND phone = :p")
                .bind("l", listId).bind("p", lead.phone()).mapTo(Integer.class).one() > 0;
        if (known) {
            return false; // the importer already drops duplicates within the file; this catches the list's own
        }
        if (batch == null) {
            batch = handle.prepareBatch("""
                    INSERT INTO telephony_leads (lead_id, list_id, row_no, phone, dial, variables_json)
                    VALUES (:id, :l, :row, :p, :dial, :vars)""");
        }
        batch.bind("id", lead.id()).bind("l", listId).bind("row", lead.row()).bind("p", lead.phone())
                .bind("dial", lead.dial()).bind("vars", JdbcDialerStore.json(lead.variables())).add();
        if (++batched >= BATCH) {
            flush();
        }
        return true;
    }

    private void flush() {
        if (batch != null && batched > 0) {
            batch.execute();
            batch = null;
            batched = 0;
        }
    }

    @Override
    public void commit() {
        try {
            flush();
            handle.commit();
        } finally {
            close();
        }
    }

    @Override
    public void abort() {
        try {
            if (open) {
                handle.rollback();
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            handle.close();
        }
    }
}
