package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.SlowTenantDatabases;
import dev.zhiyu.server.platform.Tenant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each tenant's dialer runs on its own loop: while one tenant's database holds every statement (as behind a lock),
 * another tenant's task still starts and dials. With one loop for all tenants the second tenant waited as long as the
 * first tenant's database did.
 */
class TenantIsolationTest {

    @Test
    void aTenantDialsWhileAnotherTenantsDatabaseIsBlocked() throws Exception {
        SlowTenantDatabases dbs = new SlowTenantDatabases();
        try (TestStores stores = TestStores.h2(); Platform platform = dbs.open(stores.config())) {
            platform.startUp();
            Tenant a = platform.tenants().create("alpha", "甲证券", "test");
            Tenant b = platform.tenants().create("beta", "乙证券", "test");
            try (DialerRig rig = new DialerRig(platform, Map.of("zhiyu.telephony.demo.time.scale", "0.05"))) {
                String taskA = rig.task(a, "甲任务", DialerRig.busyNumbers(0, 200), 2);
                String taskB = rig.task(b, "乙任务", DialerRig.busyNumbers(1000, 3), 3);
                try (AutoCloseable feedA = rig.start(a, taskA)) {
                    DialerRig.await(Duration.ofSeconds(20), () -> !rig.dialled.isEmpty(), "tenant alpha dials");
                    dbs.block("alpha");
                    // alpha's loop (and its calls) now hang in the database
                    DialerRig.await(Duration.ofSeconds(10), () -> dbs.waiting("alpha") > 0, "alpha's statements held");
                    int alphaCalls = rig.dialled.size();
                    try (AutoCloseable feedB = rig.start(b, taskB)) {
                        DialerRig.await(Duration.ofSeconds(10), () -> rig.dialled.size() >= alphaCalls + 3,
                                "beta dials its three leads while alpha's database is blocked");
                        assertTrue(dbs.waiting("alpha") > 0, "alpha was still blocked");
                    }
                } finally {
                    dbs.unblock("alpha");
                }
            }
        }
    }
}
