package dev.zhiyu.server.models;

import dev.zhiyu.server.TestStores;

class PostgresModelLifecycleTest extends ModelLifecycleContract {
    @Override
    TestStores stores() {
        return TestStores.postgres();
    }
}
