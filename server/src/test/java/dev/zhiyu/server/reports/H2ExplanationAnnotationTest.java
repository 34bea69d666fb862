package dev.zhiyu.server.reports;

import dev.zhiyu.server.TestStores;

class H2ExplanationAnnotationTest extends ExplanationAnnotationContract {
    @Override
    TestStores stores() {
        return TestStores.h2();
    }
}
