package dev.zhiyu.server.telephony;

import dev.zhiyu.server.TestStores;

/** The same contract on the real PostgreSQL (see {@link TestStores#postgres()}). */
class PostgresDialerStoreTest extends JdbcDialerStoreContract {
    @Override
    TestStores testStores() {
        return TestStores.postgres();
    }
}
