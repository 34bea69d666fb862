package dev.zhiyu.telephony.esl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Serialises events exactly as mod_event_socket does, for the simulator. Inverse of {@link EventParser}. */
public final class EventEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventEncoder() {
    }

    public static EslFrame frame(EslEvent event, EventFormat format) {
        byte[] body = switch (format) {
            case PLAIN -> plain(event);
            case JSON -> json(event);
            case XML -> xml(event);
        };
        return EslFrame.of(body, "Content-Length", Integer.toString(body.length), "Content-Type", format.contentType());
    }

    static byte[] plain(EslEvent event) {
        StringBuilder sb = new StringBuilder(event.headers().size() * 48);
        for (Map.Entry<String, String> h : event.headers()) {
            sb.append(h.getKey()).append(": ").append(UrlCodec.encode(h.getValue())).append('\n');
        }
        sb.append('\n').append(event.body());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(EslEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> h : event.headers()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            if (!event.body().isEmpty()) {
                g.writeStringField("_body", event.body());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] xml(EslEvent event) {
        StringBuilder sb = new StringBuilder("<event>\n  <headers>\n");
        for (Map.Entry<String, String> h : event.headers()) {
            sb.append("    <").append(h.getKey()).append('>').append(UrlCodec.encode(h.getValue()))
                    .append("</").append(h.getKey()).append(">\n");
        }
        sb.append("  </headers>\n");
        if (!event.body().isEmpty()) {
            sb.append("  <Content-Length>").append(event.body().getBytes(StandardCharsets.UTF_8).length)
                    .append("</Content-Length>\n  <body>").append(xmlText(event.body())).append("  </body>\n");
        }
        sb.append("</event>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
