package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The list-fits-scenario contract with tenant databases in PostgreSQL. */
class PostgresListFitApiTest extends ListFitApiContract {
    @Override
    TestStores testStores() {
        return TestStores.postgres();
    }
}
