package dev.zhiyu.server.reports;

import dev.zhiyu.reports.delivery.Deliverer;
import dev.zhiyu.reports.delivery.Subscription;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** A tenant's news subscriptions and delivery log (tables from the reports module's migration). */
public final class SubscriptionStore {
    /** A stored subscription with its id (the secret is never read back out through the API). */
    public record Stored(long id, Subscription subscription) {
    }

    private final Jdbi jdbi;

    public SubscriptionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long create(Subscription s) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO report_subscriptions (subscriber, scope, scope_name, codes, channel, "
                        + "target, secret, created_at) VALUES (:sub, :scope, :name, :codes, :ch, :t, :sec, :at)")
                .bind("sub", s.subscriber()).bind("scope", s.scope().name()).bind("name", s.scopeName())
                .bind("codes", String.join(",", s.codes())).bind("ch", s.channel().name()).bind("t", s.target())
                .bind("sec", s.secret()).bind("at", OffsetDateTime.now(ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public List<Stored> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM report_subscriptions ORDER BY id").map((rs, ctx) -> new Stored(
                rs.getLong("id"), new Subscription(rs.getString("subscriber"), Subscription.Scope.valueOf(rs.getString("scope")),
                rs.getString("scope_name"), new LinkedHashSet<>(Arrays.stream(rs.getString("codes").split(",")).filter(c -> !c.isEmpty()).toList()),
                Subscription.Channel.valueOf(rs.getString("channel")), rs.getString("target"), rs.getString("secret")))).list());
    }

    public Optional<Stored> find(long id) {
        return list().stream().filter(s -> s.id() == id).findFirst();
    }

    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM report_subscriptions WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public void log(long documentId, long subscriptionId, Deliverer.Outcome o) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO report_deliveries (document_id, subscription_id, delivered, detail, attempted_at) "
                        + "VALUES (:d, :s, :ok, :detail, :at)")
                .bind("d", documentId).bind("s", subscriptionId).bind("ok", o.delivered())
                .bind("detail", o.detail().length() > 1000 ? o.detail().substring(0, 1000) : o.detail())
                .bind("at", OffsetDateTime.now(ZoneOffset.UTC)).execute());
    }

    public List<String> deliveries(long documentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT subscription_id, delivered, detail FROM report_deliveries WHERE document_id = :d ORDER BY id")
                .bind("d", documentId).map((rs, ctx) -> rs.getLong(1) + " " + (rs.getBoolean(2) ? "成功" : "失败") + " " + rs.getString(3)).list());
    }
}
