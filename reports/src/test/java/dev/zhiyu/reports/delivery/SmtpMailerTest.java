package dev.zhiyu.reports.delivery;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real SMTP conversations with GreenMail (which offers AUTH but not STARTTLS). */
class SmtpMailerTest {
    private static final String FROM = "news@zhiyu.example";
    private static final String SUBJECT = "引力传媒(603598)2025年半年度报告：营业收入45.42亿元";
    private static final String BODY = "报告期内，营业收入45.42亿元，同比增长53.84%。\n来源：https://zhiyu.example/api/reports/7/sources";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, "news", "s3cret"));

    private SmtpSettings relay() {
        return SmtpSettings.relay("127.0.0.1", mail.getSmtp().getPort(), FROM);
    }

    @Test
    void plainSendKeepsChineseSubjectAndBody() throws Exception {
        new SmtpMailer(relay()).send("analyst@example.com", SUBJECT, BODY);
        MimeMessage got = single();
        assertEquals(SUBJECT, got.getSubject());
        assertEquals(BODY, text(got));
        assertEquals("analyst@example.com", got.getAllRecipients()[0].toString());
        assertEquals(FROM, got.getFrom()[0].toString());
    }

    @Test
    void authenticatedSendArrives() throws Exception {
        new SmtpMailer(relay().withAuth("news", "s3cret")).send("analyst@example.com", SUBJECT, BODY);
        assertEquals(BODY, text(single()));
    }

    @Test
    void wrongPasswordFailsClearlyAndSendsNothing() {
        var mailer = new SmtpMailer(relay().withAuth("news", "wrong"));
        IOException e = assertThrows(IOException.class, () -> mailer.send("analyst@example.com", SUBJECT, BODY));
        assertTrue(e.getMessage().contains("认证失败"), e.getMessage());
        assertInstanceOf(AuthenticationFailedException.class, e.getCause());
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void aFailedEmailIsAnUndeliveredOutcomeWithTheReason() {
        var sub = new Subscription("研究员甲", Subscription.Scope.COMPANY, "", Set.of("603598"), Subscription.Channel.EMAIL,
                "analyst@example.com", null);
        var item = new Published(7, "603598", "引力传媒", SUBJECT, BODY, Instant.parse("2025-08-20T08:00:00Z"),
                "https://zhiyu.example/api/reports/7", "https://zhiyu.example/api/reports/7/sources");
        var deliverer = new Deliverer(HttpClient.newHttpClient(), new SmtpMailer(relay().withAuth("news", "wrong")),
                Clock.systemUTC());
        List<Deliverer.Outcome> outcomes = deliverer.deliver(item, List.of(sub));
        assertFalse(outcomes.get(0).delivered());
        assertTrue(outcomes.get(0).detail().contains("认证失败"), outcomes.get(0).detail());
    }

    @Test
    void requiredStartTlsRefusesAServerWithoutIt() {
        var mailer = new SmtpMailer(relay().withStartTls(SmtpSettings.StartTls.REQUIRED).withAuth("news", "s3cret"));
        IOException e = assertThrows(IOException.class, () -> mailer.send("analyst@example.com", SUBJECT, BODY));
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
        assertEquals(0, mail.getReceivedMessages().length, "nothing, not even the password, goes out in clear text");
    }

    @Test
    void optionalStartTlsFallsBackToPlainWhenNotOffered() throws Exception {
        new SmtpMailer(relay().withStartTls(SmtpSettings.StartTls.OPTIONAL)).send("analyst@example.com", SUBJECT, BODY);
        assertEquals(SUBJECT, single().getSubject());
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            var settings = new SmtpSettings("127.0.0.1", silent.getLocalPort(), FROM, "", "", SmtpSettings.StartTls.OFF,
                    Duration.ofSeconds(2), Duration.ofMillis(500));
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> new SmtpMailer(settings).send("a@example.com", "s", "b")));
            assertTrue(e.getMessage().contains("SMTP 发送失败"), e.getMessage());
        }
    }

    @Test
    void settingsNeverPrintThePassword() {
        String shown = relay().withAuth("news", "s3cret").toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertEquals(SmtpSettings.StartTls.REQUIRED, SmtpSettings.StartTls.parse(" Required "));
        assertThrows(IllegalArgumentException.class, () -> SmtpSettings.StartTls.parse("yes"));
    }

    private static MimeMessage single() {
        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        return content instanceof String s ? s.strip() : new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
