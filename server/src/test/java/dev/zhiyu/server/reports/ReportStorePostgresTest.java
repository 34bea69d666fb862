package dev.zhiyu.server.reports;

import dev.zhiyu.server.TestStores;

/** The report store contract on the real PostgreSQL (see {@link TestStores#postgres()}). */
class ReportStorePostgresTest extends ReportStoreTest {
    @Override
    TestStores stores() {
        return TestStores.postgres();
    }
}
