package dev.zhiyu.server.http;

import dev.zhiyu.server.TestStores;

/** The asynchronous knowledge-graph import contract with tenant databases in H2. */
class H2KgImportsApiTest extends KgImportsApiContract {
    @Override
    TestStores testStores() {
        return TestStores.h2();
    }
}
