package dev.zhiyu.reports.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends plain-text UTF-8 mail through an SMTP relay with Jakarta Mail (Eclipse Angus): optional or required
 * STARTTLS (the server's certificate and host name are checked), AUTH with user and password, bounded waits.
 * Every failure is an {@link IOException} whose message says what went wrong.
 */
public final class SmtpMailer {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private final SmtpSettings settings;
    private final Session session;

    public SmtpMailer(SmtpSettings settings) {
        if (!settings.configured()) throw new IllegalArgumentException("未配置 SMTP 服务器");
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
    }

    static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", s.host());
        p.setProperty("mail.smtp.port", Integer.toString(s.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(s.authenticates()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(s.startTls() != SmtpSettings.StartTls.OFF));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(s.startTls() == SmtpSettings.StartTls.REQUIRED));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.mime.charset", UTF_8);
        return p;
    }

    public void send(String to, String subject, String body) throws IOException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from(), true));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            m.setSubject(subject, UTF_8);
            m.setText(body, UTF_8);
            if (settings.authenticates()) Transport.send(m, settings.user(), settings.password());
            else Transport.send(m);
        } catch (AuthenticationFailedException e) {
            throw new IOException("SMTP 认证失败（用户 " + settings.user() + "）：" + reply(e), e);
        } catch (MessagingException e) {
            throw new IOException("SMTP 发送失败（" + settings.host() + ":" + settings.port() + "）：" + reply(e), e);
        }
    }

    /** The exception's message and its causes' (Angus wraps the server's reply or the socket error in a cause). */
    private static String reply(Exception e) {
        String msg = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) msg = msg == null ? t.getMessage() : msg + "；" + t.getMessage();
        }
        return msg == null ? e.getClass().getSimpleName() : msg.strip();
    }
}
