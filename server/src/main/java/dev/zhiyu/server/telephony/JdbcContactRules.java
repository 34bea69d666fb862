package dev.zhiyu.server.telephony;

import static dev.zhiyu.server.telephony.StoreSql.cut;
import static dev.zhiyu.server.telephony.StoreSql.instant;
import static dev.zhiyu.server.telephony.StoreSql.odt;

import dev.zhiyu.telephony.ContactRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ContactRules} in one tenant's database: {@code telephony_blocked} (DNC entries and opt-outs) with the
 * review log, {@code telephony_holidays} and {@code telephony_caller_ids}. The tenant is the database, so the
 * {@code tenantId} arguments of the port only have to match this store's tenant.
 */
final class JdbcContactRules implements ContactRules {
    private final Jdbi jdbi;

    JdbcContactRules(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    // ---- DNC and opt-outs ----

    @Override
    public boolean blocked(String tenantId, String phone) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_blocked WHERE phone = :p")
                .bind("p", phone).mapTo(Integer.class).one()) > 0;
    }

    @Override
    public void optOut(String tenantId, String phone, String reason) {
        block(phone, "opt_out", reason);
    }

    @Override
    public void addDnc(String tenantId, String phone) {
        block(phone, "dnc", "免打扰名单");
    }

    @Override
    public boolean addToDnc(String phone, String reason) {
        return block(phone, "dnc", reason == null || reason.isBlank() ? "免打扰名单" : reason);
    }

    @Override
    public List<Blocked> blockedNumbers(String kind, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT phone, kind, reason, at FROM telephony_blocked"
                        + " WHERE (kind = :k OR :all = TRUE) ORDER BY at DESC, phone LIMIT :n OFFSET :o")
                .bind("k", kind == null ? "" : kind).bind("all", kind == null).bind("n", limit).bind("o", offset)
                .map((rs, c) -> new Blocked(rs.getString("phone"), rs.getString("kind"), rs.getString("reason"), instant(rs, "at")))
                .list());
    }

    @Override
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, Instant at) {
        return reviewOptOut(phone, confirm, reviewer, null, at);
    }

    @Override
    public boolean reviewOptOut(String phone, boolean confirm, String reviewer, String note, Instant at) {
        String why = note == null || note.isBlank() ? null : cut(note.strip(), 200);
        return jdbi.inTransaction(h -> {
            Optional<String> reason = h.createQuery("SELECT reason FROM telephony_blocked WHERE phone = :p AND kind = 'opt_out'")
                    .bind("p", phone).mapTo(String.class).findOne();
            if (reason.isEmpty()) {
                return false;
            }
            if (confirm) {
                h.createUpdate("UPDATE telephony_blocked SET kind = 'dnc', reason = :r WHERE phone = :p")
                        .bind("r", cut(reason.get() + (why == null ? "（主管确认）" : "（主管确认：" + why + "）"), 200)).bind("p", phone).execute();
            } else {
                h.createUpdate("DELETE FROM telephony_blocked WHERE phone = :p").bind("p", phone).execute();
            }
            h.createUpdate("""
                            INSERT INTO telephony_opt_out_reviews (review_id, phone, decision, original_reason, note, reviewer, at)
                            VALUES (:id, :p, :d, :r, :note, :by, :at)""")
                    .bind("note", why)
                    .bind("id", UUID.randomUUID().toString()).bind("p", phone).bind("d", confirm ? "confirmed" : "rejected")
                    .bind("r", reason.get()).bind("by", cut(reviewer, 200)).bindByType("at", odt(at), OffsetDateTime.class).execute();
            return true;
        });
    }

    @Override
    public List<OptOutReview> optOutReviews(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT phone, decision, original_reason, note, reviewer, at"
                        + " FROM telephony_opt_out_reviews ORDER BY at DESC, review_id LIMIT :n")
                .bind("n", limit)
                .map((rs, c) -> new OptOutReview(rs.getString("phone"), rs.getString("decision"),
                        rs.getString("original_reason"), rs.getString("note"), rs.getString("reviewer"), instant(rs, "at")))
                .list());
    }

    /** How many reviews of {@code phone} were logged. */
    int optOutReviews(String phone) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_opt_out_reviews WHERE phone = :p")
                .bind("p", phone).mapTo(Integer.class).one());
    }

    @Override
    public boolean unblock(String phone) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_blocked WHERE phone = :p").bind("p", phone).execute()) > 0;
    }

    /** A concurrent insert of the same number is fine: it is blocked either way. */
    private boolean block(String phone, String kind, String reason) {
        return StoreSql.insertUnique(() -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_blocked (phone, kind, reason, at)
                        SELECT :p, :k, :r, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_blocked WHERE phone = :p)""")
                .bind("p", phone).bind("k", kind).bind("r", cut(reason, 200))
                .bindByType("now", odt(Instant.now()), OffsetDateTime.class).execute()) > 0);
    }

    // ---- registered caller ids ----

    @Override
    public List<CallerId> callerIds() {
        return jdbi.withHandle(h -> h.createQuery("SELECT caller_id, label, added_at FROM telephony_caller_ids ORDER BY caller_id")
                .map((rs, c) -> new CallerId(rs.getString("caller_id"), rs.getString("label"), instant(rs, "added_at"))).list());
    }

    @Override
    public boolean addCallerId(String number, String label) {
        return StoreSql.insertUnique(() -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_caller_ids (caller_id, label, added_at)
                        SELECT :n, :l, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_caller_ids WHERE caller_id = :n)""")
                .bind("n", number).bind("l", cut(label, 200)).bindByType("now", odt(Instant.now()), OffsetDateTime.class)
                .execute()) > 0);
    }

    @Override
    public boolean removeCallerId(String number) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_caller_ids WHERE caller_id = :n").bind("n", number).execute()) > 0;
    }

    // ---- holiday calendar ----

    @Override
    public List<Holiday> holidays() {
        return jdbi.withHandle(h -> h.createQuery("SELECT holiday, name, added_at FROM telephony_holidays ORDER BY holiday")
                .map((rs, c) -> new Holiday(rs.getObject("holiday", LocalDate.class), rs.getString("name"), instant(rs, "added_at")))
                .list());
    }

    @Override
    public boolean addHoliday(LocalDate day, String name) {
        return StoreSql.insertUnique(() -> jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO telephony_holidays (holiday, name, added_at)
                        SELECT :d, :n, :now WHERE NOT EXISTS (SELECT 1 FROM telephony_holidays WHERE holiday = :d)""")
                .bindByType("d", day, LocalDate.class).bind("n", cut(name, 200))
                .bindByType("now", odt(Instant.now()), OffsetDateTime.class).execute()) > 0);
    }

    @Override
    public boolean removeHoliday(LocalDate day) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM telephony_holidays WHERE holiday = :d")
                .bindByType("d", day, LocalDate.class).execute()) > 0;
    }

    @Override
    public boolean holiday(String tenantId, LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telephony_holidays WHERE holiday = :d")
                .bindByType("d", day, LocalDate.class).mapTo(Integer.class).one()) > 0;
    }
}
