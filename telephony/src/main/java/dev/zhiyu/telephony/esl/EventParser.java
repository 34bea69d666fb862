package dev.zhiyu.telephony.esl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Turns an event frame (plain, json or xml) into an {@link EslEvent}. Stateless and thread-safe. */
public final class EventParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLInputFactory XML = xmlFactory();

    private EventParser() {
    }

    public static EslEvent parse(EslFrame frame) {
        EventFormat format = EventFormat.ofContentType(frame.contentType());
        return switch (format) {
            case PLAIN -> plain(frame.body());
            case JSON -> json(frame.body());
            case XML -> xml(frame.body());
        };
    }

    /** Plain: URL-encoded header lines, an empty line, then the body counted by the (last) inner Content-Length. */
    static EslEvent plain(byte[] b) {
        int blank = -1;
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') {
                blank = i;
                break;
            }
        }
        int headerEnd = blank < 0 ? b.length : blank;
        List<Map.Entry<String, String>> raw = FrameDecoder.parseHeaders(b, 0, headerEnd);
        List<Map.Entry<String, String>> decoded = new ArrayList<>(raw.size());
        for (Map.Entry<String, String> h : raw) {
            decoded.add(Map.entry(h.getKey(), UrlCodec.decode(h.getValue())));
        }
        String body = "";
        if (blank >= 0) {
            int from = blank + 2;
            int len = Math.min(FrameDecoder.contentLength(raw), b.length - from);
            body = new String(Arrays.copyOfRange(b, from, from + len), StandardCharsets.UTF_8);
        }
        return new EslEvent(EventFormat.PLAIN, decoded, body);
    }

    /** JSON: one flat object of strings, values not URL-encoded, the body in {@code _body}. */
    static EslEvent json(byte[] b) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String body = "";
        try (JsonParser p = JSON.getFactory().createParser(b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EslProtocolException("JSON 事件不是对象");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue; // FreeSWITCH never sends one: an absent header, not a null value
                }
                String value = p.currentToken().isScalarValue() ? p.getValueAsString() : p.readValueAsTree().toString();
                if (name.equals("_body")) {
                    body = value;
                } else {
                    headers.add(Map.entry(name, value));
                }
            }
        } catch (IOException e) {
            throw new EslProtocolException("JSON 事件无法解析: " + e.getMessage());
        }
        return new EslEvent(EventFormat.JSON, headers, body);
    }

    /** XML: {@code <event><headers>…</headers><Content-Length/><body/></event>}, header values URL-encoded. */
    static EslEvent xml(byte[] b) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String body = "";
        int bodyLength = -1;
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(new String(b, StandardCharsets.UTF_8)));
            int depth = 0;
            boolean inHeaders = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamReader.START_ELEMENT) {
                    depth++;
                    String tag = r.getLocalName();
                    if (depth == 2 && tag.equals("headers")) {
                        inHeaders = true;
                    } else if (inHeaders && depth == 3) {
                        headers.add(Map.entry(tag, UrlCodec.decode(r.getElementText())));
                        depth--;
                    } else if (depth == 2 && tag.equals("Content-Length")) {
                        bodyLength = Integer.parseInt(r.getElementText().trim());
                        depth--;
                    } else if (depth == 2 && tag.equals("body")) {
                        body = r.getElementText();
                        depth--;
                    }
                } else if (ev == XMLStreamReader.END_ELEMENT) {
                    if (depth == 2 && r.getLocalName().equals("headers")) {
                        inHeaders = false;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new EslProtocolException("XML 事件无法解析: " + e.getMessage());
        }
        return new EslEvent(EventFormat.XML, headers, trimToBytes(body, bodyLength));
    }

    /** The XML serialiser pads the body with indentation; Content-Length says how many bytes are real. */
    private static String trimToBytes(String body, int length) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (length < 0 || length >= bytes.length) {
            return body;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }
}
