package dev.zhiyu.reports.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a published item to every subscription that covers its company: webhook (signed JSON POST), e-mail, or
 * the Atom feed (nothing to push: the feed is read from the store). Returns one outcome per subscription.
 */
public final class Deliverer {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final HttpClient http;
    private final SmtpMailer mailer;
    private final Clock clock;

    public Deliverer(HttpClient http, SmtpMailer mailer, Clock clock) {
        this.http = http;
        this.mailer = mailer;
        this.clock = clock;
    }

    public record Outcome(Subscription subscription, boolean delivered, String detail) {
    }

    public boolean canMail() { return mailer != null; }

    public List<Outcome> deliver(Published item, List<Subscription> subscriptions) {
        List<Outcome> out = new ArrayList<>();
        for (Subscription s : subscriptions) {
            if (!s.covers(item.code())) continue;
            try {
                switch (s.channel()) {
                    case ATOM -> out.add(new Outcome(s, true, "订阅源 " + s.target()));
                    case WEBHOOK -> out.add(webhook(item, s));
                    case EMAIL -> {
                        mailer.send(s.target(), item.headline(), item.body() + "\n\n来源：" + item.sourcesUrl());
                        out.add(new Outcome(s, true, "已发送至 " + s.target()));
                    }
                }
            } catch (IOException e) {
                out.add(new Outcome(s, false, s.channel() + " " + s.target() + " 失败：" + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new Outcome(s, false, "被中断"));
            }
        }
        return out;
    }

    private Outcome webhook(Published item, Subscription s) throws IOException, InterruptedException {
        String body = json(item);
        String sig = WebhookSigner.sign(s.secret(), clock.instant().getEpochSecond(), body);
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.target())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8").header(WebhookSigner.HEADER, sig)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int code = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        return new Outcome(s, code / 100 == 2, "HTTP " + code);
    }

    static String json(Published p) {
        try {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("documentId", p.documentId());
            m.put("code", p.code());
            m.put("company", p.company());
            m.put("headline", p.headline());
            m.put("body", p.body());
            m.put("publishedAt", p.publishedAt().toString());
            m.put("document", p.documentUrl());
            m.put("sources", p.sourcesUrl());
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
