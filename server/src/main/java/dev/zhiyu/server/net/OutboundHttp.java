package dev.zhiyu.server.net;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The one HTTP client for the server's own outbound requests: webhook deliveries, report fetches and scenario
 * functions. Before every request — the first and each redirect, which it follows itself (at most
 * {@value #MAX_REDIRECTS}) — the target is checked by the {@link OutboundPolicy} after DNS resolution, so neither a
 * URL nor a redirect can reach loopback, link-local or private addresses unless an administrator allow-listed them.
 * The addresses the check accepted are pinned ({@link PinnedAddresses}): the connection's own lookup of the name answers
 * exactly those, so a DNS record that changes between check and connection (rebinding) is never used.
 */
public final class OutboundHttp extends HttpClient {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final OutboundPolicy policy;
    private final HttpClient http;
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();

    public OutboundHttp(OutboundPolicy policy) {
        this(policy, Duration.ofSeconds(5));
    }

    public OutboundHttp(OutboundPolicy policy, Duration connectTimeout) {
        this.policy = policy;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    public OutboundPolicy policy() {
        return policy;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            policy.check(current.uri());
            HttpResponse<T> response = http.send(current, info -> redirect(info) != null
                    ? HttpResponse.BodySubscribers.replacing(null) : handler.apply(info));
            String location = redirect(response.statusCode(), response.headers());
            if (location == null) {
                return response;
            }
            if (hop >= MAX_REDIRECTS) {
                throw new OutboundPolicy.OutboundRefused("重定向超过 " + MAX_REDIRECTS + " 次：" + request.uri());
            }
            current = next(current, response.statusCode(), location);
        }
    }

    private static String redirect(HttpResponse.ResponseInfo info) {
        return redirect(info.statusCode(), info.headers());
    }

    private static String redirect(int status, HttpHeaders headers) {
        return REDIRECTS.contains(status) ? headers.firstValue("Location").orElse(null) : null;
    }

    /** The request a redirect asks for: 303 (and 301/302 after anything but GET/HEAD) becomes a GET without body. */
    static HttpRequest next(HttpRequest previous, int status, String location) throws IOException {
        URI target;
        try {
            target = previous.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("重定向地址无效：" + location);
        }
        boolean sameOrigin = target.getHost() != null && target.getHost().equalsIgnoreCase(previous.uri().getHost())
                && target.getPort() == previous.uri().getPort()
                && String.valueOf(target.getScheme()).equalsIgnoreCase(String.valueOf(previous.uri().getScheme()));
        // credentials stay with the origin they were meant for
        HttpRequest.Builder b = HttpRequest.newBuilder(previous, (name, value) -> sameOrigin
                || !Set.of("authorization", "cookie", "proxy-authorization").contains(name.toLowerCase(Locale.ROOT)));
        b.uri(target);
        String method = previous.method();
        boolean keepsMethod = status == 307 || status == 308 || method.equals("GET") || method.equals("HEAD");
        if (status == 303 || !keepsMethod) {
            b.GET();
        } else {
            b.method(method, previous.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
        }
        return b.build();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, async);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER; // followed here, one checked hop at a time
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.of(async);
    }
}
