package dev.zhiyu.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.telephony.tasks.TaskRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Request bodies go through {@link Json#parse} (the mapper within its read constraints): a value comes out, or a
 * 400 problem with a message, never anything else (which the server would answer with a 500). The first input byte
 * picks the request type.
 */
class JsonBodyFuzzTest {
    static final List<Class<?>> TYPES = List.of(JsonNode.class, DialogRoutes.Turn.class,
            TaskRequest.class, AnnotationRoutes.Annotate.class, DialogRoutes.StartSession.class);

    @MethodSource("seeds")
    @FuzzTest
    void readBody(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Class<?> type = TYPES.get((input[0] & 0xff) % TYPES.size());
        try {
            Json.parse(Arrays.copyOfRange(input, 1, input.length), type);
        } catch (ProblemException p) {
            assertEquals(400, p.status);
            assertFalse(p.getMessage().isBlank());
        }
    }

    static Stream<byte[]> seeds() {
        return Stream.of(
                body(0, "{\"a\":[1,2.5e3,true,null,{\"b\":\"\\u4e2d\"}]}"),
                body(1, "{\"text\":\"你好\",\"nbest\":[{\"text\":\"好的\",\"confidence\":0.9}],\"dtmf\":\"1#\"}"),
                body(2, "{\"name\":\"回访\",\"listId\":\"L1\",\"scenario\":\"s\",\"windowStart\":\"09:00\",\"holidays\":[\"2026-10-01\"],"
                        + "\"maxConcurrent\":5,\"retryMinutes\":{\"busy\":30},\"callerIds\":[\"01088880000\"]}"),
                body(3, "{\"sessionId\":\"s1\",\"turnIndex\":2,\"intent\":\"affirm\",\"slots\":{\"bank\":\"招商银行\"},\"adjudicated\":false}"),
                body(4, "{\"scenario\":\"s\",\"variables\":{\"customer_name\":\"张三\"},\"channel\":\"text\"}"));
    }

    private static byte[] body(int type, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) type;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }
}
