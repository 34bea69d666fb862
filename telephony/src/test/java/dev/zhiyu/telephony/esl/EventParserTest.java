package dev.zhiyu.telephony.esl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Event bodies found by reading EventParser beside EslFuzzTest. */
class EventParserTest {

    @Test
    void aJsonNullIsAnAbsentHeaderNotANullPointer() {
        byte[] body = "{\"Event-Name\":\"HEARTBEAT\",\"Unique-ID\":null,\"_body\":null}".getBytes(StandardCharsets.UTF_8);
        EslEvent e = EventParser.json(body);
        assertEquals("HEARTBEAT", e.name());
        assertNull(e.uniqueId());
        assertEquals("", e.body());
    }
}
