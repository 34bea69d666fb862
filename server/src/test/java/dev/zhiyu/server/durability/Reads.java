package dev.zhiyu.server.durability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.server.Api;
import java.util.HashMap;
import java.util.Map;

/** The restarted server as one verification round sees it: each listing is fetched once per round. */
final class Reads {
    private static final int PAGE = 10_000;

    private final Api admin;
    private final Map<String, Api.Response> cache = new HashMap<>();
    private final Map<String, String> pages = new HashMap<>();

    Reads(Api admin) {
        this.admin = admin;
    }

    Api.Response get(String path) {
        return cache.computeIfAbsent(path, admin::get);
    }

    /** Every page of a paged listing ({@code ?offset=&limit=}), concatenated. */
    String pages(String path) {
        return pages.computeIfAbsent(path, p -> {
            StringBuilder all = new StringBuilder();
            for (int offset = 0; ; offset += PAGE) {
                Api.Response r = admin.get(p + "?limit=" + PAGE + "&offset=" + offset);
                if (r.status() != 200) {
                    throw new IllegalStateException(p + " → " + r);
                }
                JsonNode page = r.json();
                all.append(r.body());
                if (page.size() < PAGE) {
                    return all.toString();
                }
            }
        });
    }

    int statusWithKey(String secret) {
        return admin.forKey(secret).get("/api/tenant").status();
    }
}
