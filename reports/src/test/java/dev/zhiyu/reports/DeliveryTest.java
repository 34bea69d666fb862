package dev.zhiyu.reports;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.zhiyu.reports.delivery.AtomFeed;
import dev.zhiyu.reports.delivery.Deliverer;
import dev.zhiyu.reports.delivery.Published;
import dev.zhiyu.reports.delivery.SmtpMailer;
import dev.zhiyu.reports.delivery.SmtpSettings;
import dev.zhiyu.reports.delivery.Subscription;
import dev.zhiyu.reports.delivery.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTest {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Published ITEM = new Published(7, "603598", "引力传媒", "引力传媒(603598)2025年半年度报告：营业收入45.42亿元",
            "报告期内，营业收入45.42亿元，同比增长53.84%。", Instant.parse("2025-08-20T08:00:00Z"),
            "https://zhiyu.example/api/reports/7", "https://zhiyu.example/api/reports/7/sources");

    @Test
    void emailGoesThroughARealSmtpServerInUtf8() throws Exception {
        var sub = new Subscription("研究员甲", Subscription.Scope.COMPANY, "", Set.of("603598"), Subscription.Channel.EMAIL, "analyst@example.com", null);
        var d = new Deliverer(HttpClient.newHttpClient(), new SmtpMailer(SmtpSettings.relay("127.0.0.1", ServerSetupTest.SMTP.getPort(), "news@zhiyu.example")), Clock.systemUTC());
        var outcomes = d.deliver(ITEM, List.of(sub));
        assertTrue(outcomes.get(0).delivered(), outcomes.toString());
        var received = mail.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals(ITEM.headline(), received[0].getSubject());
        assertTrue(GreenMailUtil.getBody(received[0]).length() > 0);
        String body = new String(received[0].getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.contains("同比增长53.84%") && body.contains("/api/reports/7/sources"), body);
    }

    @Test
    void webhookIsSignedAndOnlySubscribedCompaniesAreSent() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        CompletableFuture<String[]> got = new CompletableFuture<>();
        server.createContext("/hook", ex -> {
            got.complete(new String[]{ex.getRequestHeaders().getFirst(WebhookSigner.HEADER),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            var watch = new Subscription("投研组", Subscription.Scope.WATCHLIST, "传媒", Set.of("603598", "300413"), Subscription.Channel.WEBHOOK, url, "s3cret");
            var other = new Subscription("投研组", Subscription.Scope.COMPANY, "", Set.of("600016"), Subscription.Channel.WEBHOOK, url, "s3cret");
            Clock clock = Clock.fixed(Instant.parse("2025-08-20T08:00:05Z"), ZoneOffset.UTC);
            var outcomes = new Deliverer(HttpClient.newHttpClient(), null, clock).deliver(ITEM, List.of(watch, other));
            assertEquals(1, outcomes.size(), "只投递覆盖该公司的订阅");
            assertTrue(outcomes.get(0).delivered(), outcomes.toString());
            String[] req = got.get(10, TimeUnit.SECONDS);
            long now = clock.instant().getEpochSecond();
            assertTrue(WebhookSigner.verify("s3cret", req[0], req[1], now, 300));
            assertFalse(WebhookSigner.verify("wrong", req[0], req[1], now, 300));
            assertFalse(WebhookSigner.verify("s3cret", req[0], req[1].replace("45.42", "99.99"), now, 300));
            assertFalse(WebhookSigner.verify("s3cret", req[0], req[1], now + 3600, 300), "过期签名被拒");
            assertTrue(req[1].contains("\"sources\":\"https://zhiyu.example/api/reports/7/sources\""), req[1]);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void atomFeedIsWellFormedAndLinksToSources() throws Exception {
        String xml = AtomFeed.render("urn:zhiyu:demo:reports", "智语快讯 <测试>", List.of(ITEM));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("feed", doc.getDocumentElement().getTagName());
        assertEquals(1, doc.getElementsByTagName("entry").getLength());
        assertTrue(xml.contains("href=\"https://zhiyu.example/api/reports/7/sources\""));
        assertTrue(xml.contains("智语快讯 &lt;测试&gt;"));
    }
}
