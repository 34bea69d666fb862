package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The call-list import contract with tenant databases in H2. */
class H2CallListImportsTest extends CallListImportsContract {
    @Override
    TestStores testStores() {
        return TestStores.h2();
    }
}
