package dev.zhiyu.server.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-tenant call cap key: default, override, refusal of nonsense naming the key. */
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
}
