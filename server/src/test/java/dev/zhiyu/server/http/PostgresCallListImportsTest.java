package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The call-list import contract with tenant databases in PostgreSQL. */
class PostgresCallListImportsTest extends CallListImportsContract {
    @Override
    TestStores testStores() {
        return TestStores.postgres();
    }
}
