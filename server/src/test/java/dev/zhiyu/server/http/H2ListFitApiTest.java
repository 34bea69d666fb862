package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The list-fits-scenario contract with tenant databases in H2. */
class H2ListFitApiTest extends ListFitApiContract {
    @Override
    TestStores testStores() {
        return TestStores.h2();
    }
}
