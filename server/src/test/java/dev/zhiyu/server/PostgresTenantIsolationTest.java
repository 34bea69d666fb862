package dev.zhiyu.server;

class PostgresTenantIsolationTest extends TenantIsolationContract {
    @Override
    TestStores stores() {
        return TestStores.postgres();
    }
}
