package dev.zhiyu.reports.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A minimal SMTP client (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA with a UTF-8 text body (base64, RFC 2047
 * subject). Enough for plain-text flash news to a relay; no TLS/AUTH (use a local relay for those).
 */
public final class SmtpMailer {
    private final String host;
    private final int port;
    private final String from;

    public SmtpMailer(String host, int port, String from) {
        this.host = host;
        this.port = port;
        this.from = from;
    }

    public void send(String to, String subject, String body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, 220);
            command(out, in, "EHLO zhiyu", 250);
            command(out, in, "MAIL FROM:<" + from + ">", 250);
            command(out, in, "RCPT TO:<" + to + ">", 250);
            command(out, in, "DATA", 354);
            String msg = "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + encodeWord(subject)
                    + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n.";
            command(out, in, msg, 250);
            command(out, in, "QUIT", 221);
        }
    }

    private static String encodeWord(String s) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    private static void expect(BufferedReader in, int code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new IOException("SMTP 服务器断开连接");
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(code))) throw new IOException("SMTP 期望 " + code + "，收到：" + line);
    }
}
