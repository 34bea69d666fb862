package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The take-over, live feed, dialog statistics and recording contract with tenant databases in H2. */
class H2CallTakeoverApiTest extends CallTakeoverApiContract {
    @Override
    TestStores testStores() {
        return TestStores.h2();
    }
}
