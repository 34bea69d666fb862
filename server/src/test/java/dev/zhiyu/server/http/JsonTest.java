package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Bodies the fuzzer found (JsonBodyFuzzTest), each a 400 with a message that says what is wrong. */
class JsonTest {

    @Test
    void leadingNulBytesAreNotUtf8() {
        // 00 00 00 7B reads as UTF-32BE "{", then "aabb" is no UTF-32 character at all
        byte[] body = {0, 0, 0, '{', 0, 0, 0, '"', 'a', 'a', 'b', 'b'};
        ProblemException e = assertThrows(ProblemException.class, () -> Json.parse(body, JsonNode.class));
        assertEquals(400, e.status);
        assertEquals("MALFORMED_JSON", e.code);
        assertEquals("请求体不是 UTF-8 编码的 JSON：请以 UTF-8 编码发送", e.getMessage());
    }
}
