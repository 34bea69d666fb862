package dev.zhiyu.server.reports;

import dev.zhiyu.server.TestStores;

class PostgresExplanationAnnotationTest extends ExplanationAnnotationContract {
    @Override
    TestStores stores() {
        return TestStores.postgres();
    }
}
