package dev.zhiyu.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls a scenario function with its timeout and retries; any failure is an empty result (the caller falls back). */
final class FunctionCaller {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values read back into prompts are short: longer answers are cut rather than read out for minutes. */
    static final int MAX_RESULT_CHARS = 200;
    /** The client when the engine is given none: no redirects followed. */
    static final HttpClient DEFAULT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private FunctionCaller() {
    }

    static Optional<String> call(HttpClient http, Scenario.Function f, Map<String, String> values) {
        URI uri;
        try {
            uri = URI.create(fill(f.url(), values));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt <= f.retries(); attempt++) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(f.timeoutMs()));
                HttpRequest req = f.method().equals("POST")
                        ? b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(values))).build()
                        : b.GET().build();
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return result(f, r.body());
                }
            } catch (java.io.IOException e) {
                // timed out or refused: try again, then fall back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> result(Scenario.Function f, String body) throws java.io.IOException {
        String value = body;
        if (f.result() != null) {
            JsonNode node = JSON.readTree(body).path(f.result());
            if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
                return Optional.empty();
            }
            value = node.asText();
        }
        String bounded = Utterances.bounded(value);
        return bounded.isEmpty() ? Optional.empty()
                : Optional.of(bounded.substring(0, Math.min(bounded.length(), MAX_RESULT_CHARS)));
    }

    private static String fill(String url, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.getOrDefault(m.group(1), "");
            m.appendReplacement(sb, Matcher.quoteReplacement(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
