package dev.zhiyu.server.models;

import dev.zhiyu.server.TestStores;

class PostgresNerLifecycleTest extends NerLifecycleContract {
    @Override
    TestStores stores() {
        return TestStores.postgres();
    }
}
