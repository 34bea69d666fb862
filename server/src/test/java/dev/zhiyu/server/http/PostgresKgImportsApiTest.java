package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The asynchronous knowledge-graph import contract with tenant databases in PostgreSQL. */
class PostgresKgImportsApiTest extends KgImportsApiContract {
    @Override
    TestStores testStores() {
        return TestStores.postgres();
    }
}
