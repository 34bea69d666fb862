package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.lists.CallListImporter;
import dev.zhiyu.telephony.lists.ColumnMapping;
import dev.zhiyu.telephony.lists.ImportReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract on a tenant database created and migrated by the platform (Flyway, this module's migration). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcDialerStoreContract extends DialerStoreContract {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private TestStores stores;
    private Platform platform;

    abstract TestStores testStores();

    @BeforeAll
    void open() {
        stores = testStores();
        platform = Platform.open(stores.config());
        platform.startUp();
    }

    @AfterAll
    void close() {
        if (platform != null) {
            platform.close();
        }
        stores.close();
    }

    @Override
    JdbcDialerStore store() {
        Tenant t = platform.tenants().create("tel" + SEQ.incrementAndGet(), "电话测试", "test");
        return new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI);
    }

    @Override
    void putList(DialerStore store, String listId, List<Lead> leads) {
        JdbcDialerStore s = (JdbcDialerStore) store;
        s.ensureList(listId, "名单 " + listId, "test");
        JdbcLeadSink sink = s.sink(listId);
        leads.forEach(sink::add);
        sink.commit();
    }

    @Test
    void importsAreAllOrNothingAndNeverAddANumberTwice() {
        JdbcDialerStore s = store();
        assertTrue(s.ensureList("L", "回访名单", "test"));
        CallListImporter importer = new CallListImporter("CN", 1000);
        String csv = "手机号,customer_name,stop_step\n13800138000,王先生,4\n138-0013-8001,李女士,2\n12345,坏号码,1\n13800138000,重复,4\n";
        ImportReport first = importer.importFile("L", "list.csv", bytes(csv), ColumnMapping.auto(), s.sink("L"));
        assertTrue(first.ok(), first.toString());
        assertEquals(2, first.imported());
        assertEquals(1, first.rejected());
        assertEquals(1, first.duplicates());
        assertEquals(4, first.errors().get(0).row(), "row numbers as the user sees them");
        ImportReport again = importer.importFile("L", "list.csv", bytes(csv + "13900139000,赵先生,5\n"),
                ColumnMapping.auto(), s.sink("L"));
        assertEquals(1, again.imported(), "only the new number is added");
        List<Lead> leads = s.leads("L");
        assertEquals(3, leads.size());
        assertEquals("王先生", leads.get(0).variables().get("customer_name"));
        ImportReport broken = importer.importFile("L", "bad.csv", bytes("手机号\n13700137000\n\"unterminated\n"),
                ColumnMapping.auto(), s.sink("L"));
        assertNotNull(broken.fileError(), broken.toString());
        assertEquals(3, s.leads("L").size(), "a refused file adds nothing");
        assertEquals(3, s.list("L").orElseThrow().leads());
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dncCallerIdsAndHolidaysAreStoredOncePerTenantDatabase() {
        JdbcDialerStore s = store();
        assertTrue(s.addToDnc("+8613800138000", "投诉"));
        assertTrue(!s.addToDnc("+8613800138000", "again"), "second add is a duplicate");
        s.optOut("acme", "+8613900139000", "通话中要求不再来电");
        assertEquals(2, s.blockedNumbers(null, 0, 10).size());
        assertEquals(List.of("+8613900139000"), s.blockedNumbers("opt_out", 0, 10).stream().map(JdbcDialerStore.Blocked::phone).toList());
        assertEquals("投诉", s.blockedNumbers("dnc", 0, 10).get(0).reason());
        assertTrue(s.unblock("+8613800138000"));
        assertTrue(!s.blocked("acme", "+8613800138000"));
        assertTrue(!s.unblock("+8613800138000"));

        assertTrue(s.addCallerId("02166660000", "上海"));
        assertTrue(!s.addCallerId("02166660000", "上海"));
        assertEquals("上海", s.callerIds().get(0).label());
        assertTrue(s.removeCallerId("02166660000"));
        assertTrue(s.callerIds().isEmpty());

        java.time.LocalDate day = java.time.LocalDate.of(2026, 10, 1);
        assertTrue(s.addHoliday(day, "国庆节"));
        assertTrue(!s.addHoliday(day, "国庆节"));
        assertTrue(s.holiday("acme", day));
        assertTrue(!s.holiday("acme", day.plusDays(1)));
        assertEquals(day, s.holidays().get(0).date());
        assertTrue(s.removeHoliday(day));
        assertTrue(!s.holiday("acme", day));

        JdbcDialerStore other = store();
        assertTrue(other.addToDnc("+8613700137000", null));
        assertTrue(s.blockedNumbers(null, 0, 10).stream().noneMatch(b -> b.phone().equals("+8613700137000")),
                "another tenant's database is separate");
    }
}
