package dev.zhiyu.server;

class H2TenantIsolationTest extends TenantIsolationContract {
    @Override
    TestStores stores() {
        return TestStores.h2();
    }
}
