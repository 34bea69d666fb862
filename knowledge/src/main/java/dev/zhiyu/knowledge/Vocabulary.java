package dev.zhiyu.knowledge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** IRIs of the graph schema ({@code zy:}). Documented in knowledge/README.md. */
final class Vocabulary {
    static final String NS = "https://zhiyu.dev/kg#";
    static final String ENTITY = "https://zhiyu.dev/kg/e/";
    static final String FACT = "https://zhiyu.dev/kg/f/";

    private Vocabulary() {
    }

    static String term(String local) {
        return NS + local;
    }

    static String entity(String id) {
        return ENTITY + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static String fact(String kind, String key) {
        return FACT + kind + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}
