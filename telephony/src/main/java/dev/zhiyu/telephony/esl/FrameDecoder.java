package dev.zhiyu.telephony.esl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Incremental ESL framing: a header block ends at the first empty line; if it carries {@code Content-Length},
 * exactly that many <em>bytes</em> follow (FreeSWITCH counts UTF-8 bytes). Frames without Content-Length
 * ({@code command/reply}, {@code auth/request}) are headers only. Feed it whatever TCP hands over.
 */
public final class FrameDecoder {

    static final int MAX_HEADER_BYTES = 1 << 20;
    static final int MAX_BODY_BYTES = 64 << 20;

    private final boolean commands;
    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private List<Map.Entry<String, String>> pendingHeaders;
    private int pendingLength;

    /** A decoder for what FreeSWITCH sends (replies, events, notices). */
    public FrameDecoder() {
        this(false);
    }

    /**
     * @param commands true to decode what a client sends: the first line is the command itself
     *                 (kept as header {@value #COMMAND}), e.g. {@code sendmsg <uuid>} followed by headers
     */
    public FrameDecoder(boolean commands) {
        this.commands = commands;
    }

    /** Pseudo-header holding a client command line. */
    public static final String COMMAND = "";

    /** Decodes all complete frames in {@code data[off, off+len)} plus what was buffered before. */
    public void feed(byte[] data, int off, int len, Consumer<EslFrame> sink) {
        append(data, off, len);
        EslFrame frame;
        while ((frame = next()) != null) {
            sink.accept(frame);
        }
        compact();
    }

    public List<EslFrame> feed(byte[] data) {
        List<EslFrame> out = new ArrayList<>();
        feed(data, 0, data.length, out::add);
        return out;
    }

    /** Bytes received but not yet part of a complete frame. */
    public int buffered() {
        return end - start;
    }

    private EslFrame next() {
        if (pendingHeaders == null) {
            int blank = findBlankLine();
            if (blank < 0) {
                if (end - start > MAX_HEADER_BYTES) {
                    throw new EslProtocolException("ESL 头部超过 " + MAX_HEADER_BYTES + " 字节仍未结束");
                }
                return null;
            }
            pendingHeaders = commands ? parseCommand(buf, start, blank) : parseHeaders(buf, start, blank);
            start = blank + 2;
            pendingLength = contentLength(pendingHeaders);
        }
        if (end - start < pendingLength) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(buf, start, start + pendingLength);
        start += pendingLength;
        EslFrame frame = new EslFrame(pendingHeaders, body);
        pendingHeaders = null;
        pendingLength = 0;
        return frame;
    }

    /** Index of the first '\n' of a "\n\n" pair, skipping leading newlines between frames. */
    private int findBlankLine() {
        while (start < end && buf[start] == '\n') {
            start++; // FreeSWITCH never sends these, but a stray newline must not become an empty frame
        }
        for (int i = start; i + 1 < end; i++) {
            if (buf[i] == '\n' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static List<Map.Entry<String, String>> parseHeaders(byte[] b, int from, int to) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int line = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '\n') {
                if (i > line) {
                    headers.add(header(new String(b, line, i - line, StandardCharsets.UTF_8)));
                }
                line = i + 1;
            }
        }
        return headers;
    }

    private static List<Map.Entry<String, String>> parseCommand(byte[] b, int from, int to) {
        int nl = from;
        while (nl < to && b[nl] != '\n') {
            nl++;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry(COMMAND, new String(b, from, nl - from, StandardCharsets.UTF_8)));
        headers.addAll(parseHeaders(b, Math.min(nl + 1, to), to));
        return headers;
    }

    private static Map.Entry<String, String> header(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new EslProtocolException("ESL 头部行缺少冒号: " + abbreviate(line));
        }
        String value = line.substring(colon + 1);
        return Map.entry(line.substring(0, colon).trim(), value.startsWith(" ") ? value.substring(1) : value);
    }

    static int contentLength(List<Map.Entry<String, String>> headers) {
        String raw = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("Content-Length")) {
                raw = h.getValue();
            }
        }
        if (raw == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 0 || n > MAX_BODY_BYTES) {
                throw new EslProtocolException("Content-Length 超出范围: " + raw);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new EslProtocolException("Content-Length 不是数字: " + abbreviate(raw));
        }
    }

    private void append(byte[] data, int off, int len) {
        if (end + len > buf.length) {
            compact();
            if (end + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + len));
            }
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    private void compact() {
        if (start == 0) {
            return;
        }
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
