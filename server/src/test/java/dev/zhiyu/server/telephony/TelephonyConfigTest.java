package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.Switchboard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-tenant call and calls-per-second cap keys: default, override, refusal of nonsense naming the key. */
class TelephonyConfigTest {

    @Test
    void tenantMaxCallsHasADefaultAnOverrideAndALowerBound() {
        assertEquals(100, TelephonyConfig.fromMap(Map.of()).tenantMaxCalls());
        assertEquals(7, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tenant.max.calls", " 7 ")).tenantMaxCalls());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tenant.max.calls", "0")));
        assertTrue(zero.getMessage().contains("zhiyu.telephony.tenant.max.calls"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tenant.max.calls", "many")));
    }

    @Test
    void tenantMaxCpsHasADefaultAnOverrideAndALowerBound() {
        assertEquals(20, TelephonyConfig.fromMap(Map.of()).tenantMaxCps());
        assertEquals(4, TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tenant.max.cps", "4")).tenantMaxCps());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tenant.max.cps", "0")));
        assertTrue(zero.getMessage().contains("zhiyu.telephony.tenant.max.cps"), zero.getMessage());
    }

    @Test
    void taskLeaseDefaultsTo15SecondsAndIsAtLeast3() {
        assertEquals(java.time.Duration.ofSeconds(15), TelephonyConfig.fromMap(Map.of()).taskLease());
        assertEquals(java.time.Duration.ofSeconds(5),
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.task.lease", "5s")).taskLease());
        for (String bad : List.of("2s", "0", "x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.task.lease", bad)), bad);
            assertTrue(e.getMessage().contains("zhiyu.telephony.task.lease"), e.getMessage());
        }
    }

    @Test
    void deadAirAndEarlyHangupHaveDefaultsAndRefuseNonsenseNamingTheKey() {
        TelephonyConfig d = TelephonyConfig.fromMap(Map.of());
        assertEquals(java.time.Duration.ofSeconds(10), d.guards().deadAir());
        assertEquals(java.time.Duration.ofSeconds(5), d.guards().earlyHangup());
        TelephonyConfig c = TelephonyConfig.fromMap(Map.of("zhiyu.telephony.dead.air.seconds", "6",
                "zhiyu.telephony.early.hangup.seconds", "0", "zhiyu.telephony.dead.air.apology", "cn/sorry.wav"));
        assertEquals(java.time.Duration.ofSeconds(6), c.guards().deadAir());
        assertEquals(java.time.Duration.ZERO, c.guards().earlyHangup());
        assertEquals("cn/sorry.wav", c.guards().apology());
        for (String[] bad : new String[][]{{"zhiyu.telephony.dead.air.seconds", "1"},
                {"zhiyu.telephony.dead.air.seconds", "ten"}, {"zhiyu.telephony.early.hangup.seconds", "-1"},
                {"zhiyu.telephony.dead.air.apology", "a b,c"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TelephonyConfig.fromMap(Map.of(bad[0], bad[1])), bad[0]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void unconfirmedGraceTakesSecondsMinutesOrHoursAndRefusesNonsense() {
        assertEquals(java.time.Duration.ofMinutes(30), TelephonyConfig.fromMap(Map.of()).unconfirmedGrace());
        assertEquals(java.time.Duration.ofSeconds(30), TelephonyConfig.fromMap(Map.of()).reconnectMax());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.reconnect.max", "0s")));
        assertTrue(zero.getMessage().contains("zhiyu.telephony.reconnect.max"), zero.getMessage());
        assertEquals(java.time.Duration.ofSeconds(90),
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.unconfirmed.grace", "90s")).unconfirmedGrace());
        assertEquals(java.time.Duration.ofHours(2),
                TelephonyConfig.fromMap(Map.of("zhiyu.telephony.unconfirmed.grace", "2h")).unconfirmedGrace());
        for (String bad : List.of("abc", "0", "-5m")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.unconfirmed.grace", bad)), bad);
            assertTrue(e.getMessage().contains("zhiyu.telephony.unconfirmed.grace"), e.getMessage());
        }
    }

    @Test
    void severalNodesWithTheirOwnGatewaysAndLimits() {
        TelephonyConfig c = TelephonyConfig.fromMap(Map.of("zhiyu.telephony.nodes",
                "fsA=10.0.0.1:8021;gateways=gw1;max.channels=300;max.cps=20, fsB=10.0.0.2:8022;password=s3cret",
                "zhiyu.telephony.fs.password", "common"));
        assertEquals(2, c.nodes().size());
        assertEquals(new Switchboard.Node("fsA", "10.0.0.1", 8021, "common", List.of("gw1"), 300, 20), c.nodes().get(0));
        assertEquals(new Switchboard.Node("fsB", "10.0.0.2", 8022, "s3cret", List.of("gw1", "gw2"), 1000, 50), c.nodes().get(1));
        assertFalse(c.demo());
    }

    @Test
    void theSingleHostIsOneNodeAndNoneIsDemoMode() {
        assertTrue(TelephonyConfig.fromMap(Map.of()).demo());
        TelephonyConfig one = TelephonyConfig.fromMap(Map.of("zhiyu.telephony.fs.host", "fs.example", "zhiyu.telephony.fs.port", "8031"));
        assertEquals(List.of(new Switchboard.Node("fs1", "fs.example", 8031, "ClueCon", List.of("gw1", "gw2"), 1000, 50)),
                one.nodes());
    }

    @Test
    void badNodeEntriesAreRefusedNamingWhatIsWrong() {
        for (String[] bad : new String[][]{{"fsA", "形如"}, {"fsA=host", "形如"}, {"fsA=h:1,fsA=h:2", "重复"},
                {"fsA=h:1;colour=red", "colour"}, {"fsA=h:1;gateways=gw9", "gw9"}, {"fsA=h:1;max.channels=0", "超出范围"},
                {"fsA=h:99999", "超出范围"}, {"fs A=h:1", "节点名"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TelephonyConfig.fromMap(Map.of("zhiyu.telephony.nodes", bad[0])), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " → " + e.getMessage());
        }
    }

    @Test
    void speechEnginesAndTheMediaFailurePauseHaveDefaultsAndRefuseNonsenseNamingTheKey() {
        TelephonyConfig d = TelephonyConfig.fromMap(Map.of());
        assertEquals("unimrcp", d.media().asr());
        assertEquals("unimrcp", d.media().tts());
        assertEquals("zhiyu.telephony.tts", d.media().ttsSetting());
        assertEquals(3, d.mediaFailuresToPause());
        assertEquals("flite", TelephonyConfig.fromMap(Map.of("zhiyu.telephony.tts", "flite")).tts());
        for (String[] bad : new String[][]{{"zhiyu.telephony.tts", "uni mrcp"}, {"zhiyu.telephony.asr", ""},
                {"zhiyu.telephony.media.failures.pause", "0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TelephonyConfig.fromMap(Map.of(bad[0], bad[1])), bad[0]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }
}
