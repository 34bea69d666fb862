package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the registered routes describe the same API, operation for operation. */
class OpenApiTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationExists() {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config())) {
            Api.Response r = Api.anonymous(server.port()).get("/openapi.json");
            assertEquals(200, r.status());
            JsonNode doc = r.json();
            assertTrue(doc.get("openapi").asText().startsWith("3."));

            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
                path.getValue().forEach(op -> {
                    assertTrue(op.hasNonNull("summary"), path.getKey() + " needs a summary");
                    assertTrue(op.has("responses") && op.get("responses").size() > 0, path.getKey() + " needs responses");
                });
            }
            Set<String> registered = new TreeSet<>(server.api().routes());
            assertFalse(registered.isEmpty());
            assertEquals(registered, documented);
        }
    }

    @Test
    void everyReferencedSchemaExists() {
        try (TestStores s = TestStores.h2(); ZhiyuServer server = ZhiyuServer.start(s.config())) {
            String body = Api.anonymous(server.port()).get("/openapi.json").body();
            JsonNode components = Api.anonymous(server.port()).get("/openapi.json").json().get("components");
            var m = java.util.regex.Pattern.compile("\"#/components/(\\w+)/(\\w+)\"").matcher(body);
            int refs = 0;
            while (m.find()) {
                refs++;
                assertTrue(components.has(m.group(1)) && components.get(m.group(1)).has(m.group(2)), m.group());
            }
            assertTrue(refs > 10);
        }
    }
}
