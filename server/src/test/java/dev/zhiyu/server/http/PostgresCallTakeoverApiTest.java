package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The take-over, live feed, dialog statistics and recording contract with tenant databases on the real PostgreSQL (see {@link TestStores#postgres()}). */
class PostgresCallTakeoverApiTest extends CallTakeoverApiContract {
    @Override
    TestStores testStores() {
        return TestStores.postgres();
    }
}
