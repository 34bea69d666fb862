package dev.zhiyu.server.models;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.TestStores;
import java.util.HashMap;
import java.util.Map;

/**
 * The stores of a model-lifecycle test server: the database under test (H2 or PostgreSQL) with the generic intent model,
 * and on PostgreSQL a fresh data folder for the model files instead of the shared temp folder.
 */
final class ModelServerStores implements AutoCloseable {
    private final TestStores stores;
    private final TestStores artifacts;
    final ServerConfig config;

    ModelServerStores(TestStores stores) {
        this.stores = stores;
        Map<String, String> settings = new HashMap<>(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent"));
        artifacts = stores instanceof TestStores.Postgres ? TestStores.h2() : null;
        if (artifacts != null) {
            settings.put("zhiyu.data.dir", ((TestStores.H2) artifacts).dir().toString());
        }
        config = stores.config(settings);
    }

    @Override
    public void close() {
        stores.close();
        if (artifacts != null) {
            artifacts.close();
        }
    }
}
