package dev.zhiyu.server.models;

import dev.zhiyu.server.TestStores;

class H2NerLifecycleTest extends NerLifecycleContract {
    @Override
    TestStores stores() {
        return TestStores.h2();
    }
}
