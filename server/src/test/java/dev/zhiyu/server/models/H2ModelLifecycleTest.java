package dev.zhiyu.server.models;

import dev.zhiyu.server.TestStores;

class H2ModelLifecycleTest extends ModelLifecycleContract {
    @Override
    TestStores stores() {
        return TestStores.h2();
    }
}
