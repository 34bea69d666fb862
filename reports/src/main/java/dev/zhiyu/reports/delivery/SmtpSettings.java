package dev.zhiyu.reports.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how e-mail subscriptions are sent.
 *
 * @param host           SMTP relay; empty: e-mail is not configured
 * @param user           AUTH user name; empty: no authentication
 * @param password       AUTH password (never printed by {@link #toString()})
 * @param startTls       whether the connection is upgraded to TLS before anything else is sent
 * @param connectTimeout how long to wait for the TCP connection
 * @param readTimeout    how long to wait for each server reply (also bounds each write)
 */
public record SmtpSettings(String host, int port, String from, String user, String password, StartTls startTls,
                           Duration connectTimeout, Duration readTimeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** {@code OPTIONAL} upgrades when the server offers STARTTLS; {@code REQUIRED} refuses to send otherwise. */
    public enum StartTls {
        OFF, OPTIONAL, REQUIRED;

        /** Parses {@code off}, {@code optional} or {@code required} (any case). */
        public static StartTls parse(String s) {
            for (StartTls t : values()) if (t.name().equalsIgnoreCase(s.strip())) return t;
            throw new IllegalArgumentException("STARTTLS 应为 off、optional 或 required，当前为 " + s);
        }
    }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(startTls, "startTls");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("SMTP 端口应在 1 到 65535 之间，当前为 " + port);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero())
            throw new IllegalArgumentException("SMTP 超时应为正数");
    }

    /** A relay without authentication or TLS, with the default timeouts. */
    public static SmtpSettings relay(String host, int port, String from) {
        return new SmtpSettings(host, port, from, "", "", StartTls.OFF, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public SmtpSettings withAuth(String user, String password) {
        return new SmtpSettings(host, port, from, user, password, startTls, connectTimeout, readTimeout);
    }

    public SmtpSettings withStartTls(StartTls mode) {
        return new SmtpSettings(host, port, from, user, password, mode, connectTimeout, readTimeout);
    }

    public boolean configured() { return !host.isEmpty(); }

    public boolean authenticates() { return !user.isEmpty(); }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from=" + from + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "***") + ", startTls=" + startTls + "]";
    }
}
