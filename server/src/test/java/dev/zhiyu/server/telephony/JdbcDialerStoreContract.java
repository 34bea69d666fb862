package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.lists.CallListImporter;
import dev.zhiyu.telephony.lists.ColumnMapping;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.SmsSender;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.OptionalInt;
import java.util.UUID;
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
        s.callLists().ensureList(listId, "名单 " + listId, "test");
        JdbcLeadSink sink = s.callLists().sink(listId);
        leads.forEach(sink::add);
        sink.commit();
    }

    @Test
    void theUnconfirmedStateSurvivesARestartOverTheSameDatabaseAndStaysInItsTenant() {
        Tenant t = platform.tenants().create("tel" + SEQ.incrementAndGet(), "电话测试", "test");
        JdbcDialerStore before = new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI);
        List<Lead> list = leads("lu", 1);
        putList(before, "lu", list);
        before.saveTask(task("tu", "lu", 1));
        String call = UUID.randomUUID().toString();
        assertTrue(before.claimAttempt(new DialerStore.OpenAttempt("tu", list.get(0).id(), 1, call, list.get(0).phone(),
                T0).withNode("fsB")));
        before.markUnconfirmed(call, T0.plusSeconds(30));
        JdbcDialerStore after = new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI); // a new process
        after.markUnconfirmed(call, T0.plusSeconds(900));
        assertEquals(List.of(new DialerStore.OpenAttempt("tu", list.get(0).id(), 1, call, list.get(0).phone(), T0,
                "fsB", T0.plusSeconds(30))), after.openAttempts("tu"));
        JdbcDialerStore otherTenant = store();
        otherTenant.markUnconfirmed(call, T0);
        assertTrue(otherTenant.openAttempts("tu").isEmpty(), "another tenant's database knows nothing of it");
        assertEquals(T0.plusSeconds(30), after.openAttempts("tu").get(0).unconfirmedSince());
    }

    @Test
    void aPendingKillSurvivesARestartOverTheSameDatabaseAndStaysInItsTenant() {
        Tenant t = platform.tenants().create("tel" + SEQ.incrementAndGet(), "电话测试", "test");
        JdbcDialerStore before = new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI);
        List<Lead> list = leads("lo", 1);
        putList(before, "lo", list);
        before.saveTask(task("to", "lo", 1));
        String call = UUID.randomUUID().toString();
        assertTrue(before.claimAttempt(new DialerStore.OpenAttempt("to", list.get(0).id(), 1, call, list.get(0).phone(),
                T0).withNode("fsB")));
        before.finishOrphaned(new CallRecord(call, "acme", "to", list.get(0).id(), 1, list.get(0).phone(), null, T0,
                null, T0.plusSeconds(1800), "INTERRUPTED", null, Disposition.INTERRUPTED, 0, null, List.of(), null, null),
                T0.plusSeconds(1800));
        JdbcDialerStore after = new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI); // a new process
        List<DialerStore.PendingKill> pending = List.of(
                new DialerStore.PendingKill(call, "to", list.get(0).id(), "fsB", T0.plusSeconds(1800)));
        assertEquals(pending, after.pendingKills("to"));
        JdbcDialerStore otherTenant = store();
        otherTenant.clearPendingKill(call);
        assertTrue(otherTenant.pendingKills("to").isEmpty(), "another tenant's database knows nothing of it");
        assertEquals(pending, after.pendingKills("to"), "nor can it clear it");
        after.clearPendingKill(call);
        assertTrue(new JdbcDialerStore(platform.stores().jdbi(t), "acme", SHANGHAI).pendingKills("to").isEmpty());
    }

    @Test
    void importsAreAllOrNothingAndNeverAddANumberTwice() {
        JdbcDialerStore s = store();
        assertTrue(s.callLists().ensureList("L", "回访名单", "test"));
        CallListImporter importer = new CallListImporter("CN", 1000);
        String csv = "手机号,customer_name,stop_step\n13800138000,王先生,4\n138-0013-8001,李女士,2\n12345,坏号码,1\n13800138000,重复,4\n";
        ImportReport first = importer.importFile("L", "list.csv", bytes(csv), ColumnMapping.auto(), s.callLists().sink("L"));
        assertTrue(first.ok(), first.toString());
        assertEquals(2, first.imported());
        assertEquals(1, first.rejected());
        assertEquals(1, first.duplicates());
        assertEquals(4, first.errors().get(0).row(), "row numbers as the user sees them");
        ImportReport again = importer.importFile("L", "list.csv", bytes(csv + "13900139000,赵先生,5\n"),
                ColumnMapping.auto(), s.callLists().sink("L"));
        assertEquals(1, again.imported(), "only the new number is added");
        List<Lead> leads = s.leads("L");
        assertEquals(3, leads.size());
        assertEquals("王先生", leads.get(0).variables().get("customer_name"));
        List<Lead> streamed = new java.util.ArrayList<>();
        s.forEachLead("L", streamed::add);
        assertEquals(leads, streamed, "streamed in the same row order as listed (the list-fits-scenario check reads it so)");
        assertEquals(List.of("手机号", "customer_name", "stop_step"), first.columns(), "the header, for upload previews");
        ImportReport broken = importer.importFile("L", "bad.csv", bytes("手机号\n13700137000\n\"unterminated\n"),
                ColumnMapping.auto(), s.callLists().sink("L"));
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

    private JdbcDialerStore storeOf(String slug) {
        Tenant t = platform.tenants().create(slug + SEQ.incrementAndGet(), "录音测试", "test");
        return new JdbcDialerStore(platform.stores().jdbi(t), t.slug(), SHANGHAI);
    }

    /** A finished call of {@code store} with {@code recording}, ended {@code ago} before T0. */
    private static String callWithRecording(JdbcDialerStore store, String task, int n, Path recording, Duration ago) {
        String call = UUID.randomUUID().toString();
        String lead = task + ":" + n;
        assertTrue(store.claimAttempt(new DialerStore.OpenAttempt(task, lead, 1, call, "+8613800000000", T0.minus(ago))));
        store.finishAttempt(new CallRecord(call, store.tenant(), task, lead, 1, "+8613800000000", "gw1", T0.minus(ago),
                T0.minus(ago), T0.minus(ago).plusSeconds(30), "NORMAL_CLEARING", "200", Disposition.COMPLETED, 30,
                recording.toString(), List.of(), "A", null));
        return call;
    }

    @Test
    void recordingsOlderThanTheTenantsRetentionAreDeletedOnlyInsideItsOwnDirectory() throws Exception {
        Path root = Files.createTempDirectory("zhiyu-rec");
        JdbcDialerStore acme = storeOf("rec");
        JdbcDialerStore globex = storeOf("rec");
        Path own = Files.createDirectories(root.resolve(acme.tenant()));
        Path theirs = Files.createDirectories(root.resolve(globex.tenant()));
        Path old = Files.writeString(own.resolve("old.wav"), "RIFF");
        Path fresh = Files.writeString(own.resolve("fresh.wav"), "RIFF");
        Path other = Files.writeString(theirs.resolve("theirs.wav"), "RIFF");
        Files.createSymbolicLink(own.resolve("link"), theirs);
        String oldCall = callWithRecording(acme, "t", 1, old, Duration.ofDays(40));
        String freshCall = callWithRecording(acme, "t", 2, fresh, Duration.ofDays(3));
        String strayCall = callWithRecording(acme, "t", 3, other, Duration.ofDays(40)); // a path into another tenant
        callWithRecording(acme, "t", 4, own.resolve("link").resolve("theirs.wav"), Duration.ofDays(40));
        callWithRecording(acme, "t", 5, own.resolve("..").resolve(globex.tenant()).resolve("theirs.wav"), Duration.ofDays(40));
        String gone = callWithRecording(acme, "t", 6, own.resolve("already-gone.wav"), Duration.ofDays(40));
        String globexCall = callWithRecording(globex, "g", 1, other, Duration.ofDays(400));
        List<String> alerts = new ArrayList<>();
        RecordingSweeper sweeper = new RecordingSweeper(root, Clock.fixed(T0, SHANGHAI), alerts::add);

        assertEquals(0, sweeper.sweep(acme), "no retention set: recordings are kept");
        assertTrue(Files.exists(old));
        acme.recordings().retentionDays(30);
        assertEquals(OptionalInt.of(30), acme.recordings().retentionDays());
        assertTrue(globex.recordings().retentionDays().isEmpty(), "one tenant's setting is its own");

        assertEquals(2, sweeper.sweep(acme), "the old file and the one already gone");
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh), "within retention");
        assertTrue(Files.exists(other), "never another tenant's file, by path, by .. or through a link");
        assertTrue(acme.recordings().deletedAt(oldCall).isPresent());
        assertTrue(acme.recordings().deletedAt(gone).isPresent());
        assertTrue(acme.recordings().deletedAt(freshCall).isEmpty());
        assertTrue(acme.recordings().deletedAt(strayCall).isEmpty(), "a refused file is not marked deleted");
        assertEquals(3, alerts.size(), alerts.toString());
        assertEquals(0, sweeper.sweep(globex), "the other tenant keeps everything until it sets a retention");
        assertTrue(globex.recordings().deletedAt(globexCall).isEmpty());
        assertEquals(0, sweeper.sweep(acme), "a second pass deletes nothing new");
        acme.recordings().retentionDays(null);
        assertTrue(acme.recordings().retentionDays().isEmpty());
    }

    @Test
    void theSmsOutboxQueuesRateLimitsAndRefusesPerTenant() {
        JdbcDialerStore acme = storeOf("sms");
        JdbcDialerStore globex = storeOf("sms");
        MutableClock clock = new MutableClock(T0);
        JdbcSmsOutbox outbox = new JdbcSmsOutbox(acme.jdbi(), clock, 1, 2);
        JdbcSmsOutbox theirs = new JdbcSmsOutbox(globex.jdbi(), clock, 1, 2);
        SmsSender.Request first = new SmsSender.Request("acme", "t", "c1", "l1", "+8613800000001", "open_link",
                java.util.Map.of("customer_name", "王先生"));
        SmsSender.Result queued = outbox.send(first);
        assertEquals(SmsSender.Status.QUEUED, queued.status());
        SmsSender.Result again = outbox.send(new SmsSender.Request("acme", "t", "c2", "l1", "+8613800000001", "open_link",
                java.util.Map.of()));
        assertEquals(SmsSender.Status.RATE_LIMITED, again.status(), "one per number per 24 h");
        assertTrue(again.reason().contains("24 小时"), again.reason());
        assertEquals(SmsSender.Status.QUEUED, theirs.send(first).status(), "another tenant's outbox counts its own");
        assertEquals(SmsSender.Status.QUEUED, outbox.send(new SmsSender.Request("acme", "t", "c3", "l2", "+8613800000002",
                "open_link", java.util.Map.of())).status());
        SmsSender.Result burst = outbox.send(new SmsSender.Request("acme", "t", "c4", "l3", "+8613800000003", "open_link",
                java.util.Map.of()));
        assertEquals(SmsSender.Status.RATE_LIMITED, burst.status(), "two a minute for the tenant");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(SmsSender.Status.QUEUED, outbox.send(new SmsSender.Request("acme", "t", "c5", "l3", "+8613800000003",
                "open_link", java.util.Map.of())).status(), "the minute passed");
        clock.advance(Duration.ofHours(25));
        assertEquals(SmsSender.Status.QUEUED, outbox.send(first).status(), "a day later the number may get one again");
        for (String bad : new String[]{"", "链接", "a b", "x".repeat(65)}) {
            assertEquals(SmsSender.Status.REJECTED, outbox.send(new SmsSender.Request("acme", "t", "c6", "l1",
                    "+8613800000001", bad, java.util.Map.of())).status(), bad);
        }
        assertEquals(SmsSender.Status.REJECTED, outbox.send(new SmsSender.Request("acme", "t", "c6", "l1", " ", "open_link",
                java.util.Map.of())).status());
        List<JdbcSmsOutbox.Row> c1 = outbox.forCall("c1");
        assertEquals(2, c1.size(), "both sends of call c1 are logged");
        assertEquals(List.of(SmsSender.Status.QUEUED, SmsSender.Status.QUEUED), c1.stream().map(JdbcSmsOutbox.Row::status).toList());
        assertEquals(SmsSender.Status.RATE_LIMITED, outbox.forCall("c2").get(0).status(), "refusals are logged too");
        assertTrue(outbox.forCall("c6").isEmpty(), "invalid requests are not stored");
        assertEquals(1, theirs.forCall("c1").size());
    }

    @Test
    void optOutReviewsConfirmIntoDncOrLiftAndAreLoggedPerTenant() {
        JdbcDialerStore acme = storeOf("oo");
        JdbcDialerStore globex = storeOf("oo");
        acme.optOut(acme.tenant(), "+8613700000001", "拒接");
        acme.optOut(acme.tenant(), "+8613700000002", "通话中要求不再来电");
        globex.optOut(globex.tenant(), "+8613700000001", "拒接");
        acme.addToDnc("+8613700000003", "投诉");
        assertTrue(acme.reviewOptOut("+8613700000001", true, "api_key:sup", T0));
        assertTrue(acme.reviewOptOut("+8613700000002", false, "api_key:sup", T0));
        assertFalse(acme.reviewOptOut("+8613700000002", true, "api_key:sup", T0), "decided already");
        assertFalse(acme.reviewOptOut("+8613700000003", false, "api_key:sup", T0), "a DNC entry is not an opt-out");
        assertEquals("dnc", acme.blockedNumbers("dnc", 0, 10).stream().filter(b -> b.phone().equals("+8613700000001"))
                .findFirst().orElseThrow().kind());
        assertFalse(acme.blocked(acme.tenant(), "+8613700000002"));
        assertEquals(1, globex.blockedNumbers("opt_out", 0, 10).size(), "the other tenant's opt-out is still pending");
        assertEquals(0, globex.optOutReviews("+8613700000001"));
        assertEquals(1, acme.optOutReviews("+8613700000001"));
    }

    @Test
    void aReviewersReasonIsKeptInTheLogAndOnTheConfirmedEntry() {
        JdbcDialerStore acme = storeOf("why");
        JdbcDialerStore globex = storeOf("why");
        acme.optOut(acme.tenant(), "+8613700000011", "通话中要求不再来电");
        acme.optOut(acme.tenant(), "+8613700000012", "拒接");
        assertTrue(acme.reviewOptOut("+8613700000011", true, "session:sup", "客户明确要求", T0));
        assertTrue(acme.reviewOptOut("+8613700000012", false, "session:sup", "x".repeat(300), T0.plusSeconds(1)));
        List<ContactRules.OptOutReview> log = acme.optOutReviews(10);
        assertEquals(List.of("+8613700000012", "+8613700000011"), log.stream().map(ContactRules.OptOutReview::phone).toList(),
                "newest first");
        assertEquals("rejected", log.getFirst().decision());
        assertEquals(200, log.getFirst().note().length(), "a long reason is cut to the column");
        assertEquals("客户明确要求", log.get(1).note());
        assertEquals("通话中要求不再来电", log.get(1).originalReason());
        assertEquals("通话中要求不再来电（主管确认：客户明确要求）", acme.blockedNumbers("dnc", 0, 10).getFirst().reason());
        assertEquals(List.of(), globex.optOutReviews(10), "another tenant's log is its own");
    }
}
