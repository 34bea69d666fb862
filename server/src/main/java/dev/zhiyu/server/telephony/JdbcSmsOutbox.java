package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.SmsSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's SMS outbox in its own database: each request a dialog makes is logged with its fate — queued, or
 * refused by the rate limits (per number per 24 h, per tenant per minute) or as invalid. No gateway sends them here.
 */
public final class JdbcSmsOutbox implements SmsSender {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSmsOutbox.class);
    private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** One outbox row. */
    public record Row(String id, String callId, String phone, String template, Status status, String reason, Instant at) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final int perNumberDaily;
    private final int perMinute;

    public JdbcSmsOutbox(Jdbi jdbi, Clock clock, int perNumberDaily, int perMinute) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.perNumberDaily = perNumberDaily;
        this.perMinute = perMinute;
    }

    @Override
    public synchronized Result send(Request r) {
        if (r.template() == null || !TEMPLATE.matcher(r.template()).matches()) {
            return new Result(Status.REJECTED, null, "短信模板名无效");
        }
        if (r.phone() == null || r.phone().isBlank() || r.phone().length() > 32) {
            return new Result(Status.REJECTED, null, "号码无效");
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            String reason = null;
            if (queued(h, "phone = :p AND", r.phone(), now.minus(Duration.ofDays(1))) >= perNumberDaily) {
                reason = "同一号码 24 小时内最多 " + perNumberDaily + " 条";
            } else if (queued(h, "", null, now.minusSeconds(60)) >= perMinute) {
                reason = "本租户每分钟最多 " + perMinute + " 条";
            }
            Status status = reason == null ? Status.QUEUED : Status.RATE_LIMITED;
            String id = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            h.createUpdate("""
                            INSERT INTO telephony_sms_outbox (sms_id, call_id, task_id, lead_id, phone, template, variables_json,
                                status, reason, created_at)
                            VALUES (:id, :call, :task, :lead, :phone, :tpl, :vars, :status, :reason, :at)""")
                    .bind("id", id).bind("call", r.callId()).bind("task", r.taskId()).bind("lead", r.leadId())
                    .bind("phone", r.phone()).bind("tpl", r.template()).bind("vars", StoreSql.json(r.variables()))
                    .bind("status", status.name()).bind("reason", reason)
                    .bindByType("at", StoreSql.odt(now), OffsetDateTime.class).execute();
            LOG.info("短信发件箱：{} {} → {}（通话 {}）{}", status, r.template(), dev.zhiyu.telephony.lists.PhoneNumbers.mask(r.phone()), r.callId(),
                    reason == null ? "" : reason);
            return new Result(status, id, reason);
        });
    }

    private static int queued(Handle h, String where, String phone, Instant since) {
        var q = h.createQuery("SELECT COUNT(*) FROM telephony_sms_outbox WHERE " + where
                        + " status = 'QUEUED' AND created_at > :since")
                .bindByType("since", StoreSql.odt(since), OffsetDateTime.class);
        if (phone != null) {
            q.bind("p", phone);
        }
        return q.mapTo(Integer.class).one();
    }

    /** The outbox rows of one call, oldest first. */
    public List<Row> forCall(String callId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT sms_id, call_id, phone, template, status, reason, created_at FROM telephony_sms_outbox
                        WHERE call_id = :c ORDER BY created_at, sms_id""")
                .bind("c", callId)
                .map((rs, c) -> new Row(rs.getString("sms_id"), rs.getString("call_id"), rs.getString("phone"),
                        rs.getString("template"), Status.valueOf(rs.getString("status")), rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list());
    }
}
