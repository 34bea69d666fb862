package dev.zhiyu.server.telephony;

import dev.zhiyu.server.TestStores;

class H2DialerStoreTest extends JdbcDialerStoreContract {
    @Override
    TestStores testStores() {
        return TestStores.h2();
    }
}
