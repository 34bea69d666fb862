package dev.zhiyu.telephony.esl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ESL message as it crossed the socket: envelope headers in wire order (values raw, not URL-decoded)
 * and the body bytes announced by {@code Content-Length} (empty when there was none).
 */
public record EslFrame(List<Map.Entry<String, String>> headers, byte[] body) {

    public EslFrame {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static EslFrame of(byte[] body, String... nameValues) {
        List<Map.Entry<String, String>> hs = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            hs.add(Map.entry(nameValues[i], nameValues[i + 1]));
        }
        return new EslFrame(hs, body);
    }

    /** First header of that name (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    public String contentType() {
        String ct = header("Content-Type");
        return ct == null ? "" : ct;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Reply-Text of a command/reply, or the body of an api/response, trimmed of the trailing newline. */
    public String replyText() {
        String reply = header("Reply-Text");
        return reply != null ? reply : bodyText().stripTrailing();
    }

    public boolean isEvent() {
        return contentType().startsWith("text/event-");
    }

    /** The exact bytes FreeSWITCH would send for this frame (headers in order, blank line, body). */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64 * headers.size());
        for (Map.Entry<String, String> h : headers) {
            out.writeBytes((h.getKey() + ": " + h.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write('\n');
        out.writeBytes(body);
        return out.toByteArray();
    }
}
