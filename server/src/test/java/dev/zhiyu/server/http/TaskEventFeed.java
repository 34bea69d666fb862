package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A task's live feed ({@code /api/tasks/{id}/events}) read as the console reads it: each {@code data:} event is added
 * to {@code into} on a thread of its own; a read that breaks adds a {@code {"state":"reader","error":…}} entry.
 */
final class TaskEventFeed {
    private TaskEventFeed() {
    }

    /** The reader thread; interrupt it and close or shut down {@code http} to stop. */
    static Thread follow(HttpClient http, int port, String task, Api who, List<JsonNode> into)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/tasks/" + task + "/events"))
                .header("Authorization", who.header("Authorization")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        into.add(Json.MAPPER.readTree(line.substring(5)));
                    }
                }
            } catch (Exception e) {
                into.add(Json.MAPPER.createObjectNode().put("state", "reader").put("error", e.toString()));
            }
        });
    }
}
