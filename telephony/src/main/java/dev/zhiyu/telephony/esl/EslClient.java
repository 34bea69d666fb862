package dev.zhiyu.telephony.esl;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inbound ESL connection over a plain socket. Authentication completes inside {@link #connect} (unlike
 * thingscloud's "connected" callback). The reader thread only frames bytes and enqueues: replies complete the
 * oldest pending command (ESL answers in order), events go to an unbounded hand-off queue drained by a
 * dispatcher thread — so a slow listener never stalls the socket and FreeSWITCH never drops us for lost events.
 * Listeners must still return quickly; per-call work belongs on the call's own virtual thread.
 */
public final class EslClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final ConcurrentLinkedQueue<CompletableFuture<EslFrame>> pending = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<EslFrame> events = new LinkedBlockingQueue<>();
    private final EslListener listener;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong framesRead = new AtomicLong();
    private final Object writeLock = new Object();
    private final Thread reader;
    private final Thread dispatcher;

    private EslClient(Socket socket, InputStream in, FrameDecoder decoder, EslListener listener) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.listener = listener;
        this.reader = Thread.ofPlatform().daemon().name("esl-reader-" + socket.getPort()).unstarted(() -> read(in, decoder));
        this.dispatcher = Thread.ofPlatform().daemon().name("esl-dispatch-" + socket.getPort()).unstarted(this::dispatch);
    }

    /** Connects and authenticates; fails with {@link EslAuthException} on a wrong password. */
    public static EslClient connect(String host, int port, String password, Duration timeout, EslListener listener)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            FrameDecoder decoder = new FrameDecoder();
            EslFrame hello = readOne(in, decoder);
            if (!"auth/request".equals(hello.contentType())) {
                throw new EslProtocolException("FreeSWITCH 未要求认证，收到 " + hello.contentType());
            }
            OutputStream raw = socket.getOutputStream();
            raw.write(("auth " + password + "\n\n").getBytes(StandardCharsets.UTF_8));
            raw.flush();
            EslFrame reply = readOne(in, decoder);
            if (!reply.replyText().startsWith("+OK")) {
                throw new EslAuthException("FreeSWITCH " + host + ":" + port + " 拒绝了 ESL 密码 (" + reply.replyText() + ")");
            }
            socket.setSoTimeout(0);
            EslClient client = new EslClient(socket, in, decoder, listener);
            client.reader.start();
            client.dispatcher.start();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static EslFrame readOne(InputStream in, FrameDecoder decoder) throws IOException {
        byte[] one = new byte[1];
        EslFrame[] got = new EslFrame[1];
        // byte at a time only during the handshake, so nothing after the reply is swallowed
        while (got[0] == null) {
            if (in.read(one) < 0) {
                throw new IOException("FreeSWITCH 在认证完成前关闭了连接");
            }
            decoder.feed(one, 0, 1, f -> got[0] = f);
        }
        return got[0];
    }

    /** {@code api <cmd>}: the body of the api/response. */
    public CompletableFuture<String> api(String command) {
        return send("api " + command, Map.of(), null).thenApply(EslFrame::bodyText);
    }

    /** {@code bgapi <cmd>} with our own Job-UUID (FreeSWITCH honours it); completes with the command/reply. */
    public CompletableFuture<EslFrame> bgapi(String command, String jobUuid) {
        return send("bgapi " + command, Map.of("Job-UUID", jobUuid), null);
    }

    /** {@code sendmsg <uuid>} with call-command headers in the given order. */
    public CompletableFuture<EslFrame> sendmsg(String uuid, Map<String, String> headers, String body) {
        return send("sendmsg " + uuid, headers, body);
    }

    /** Any command; headers in iteration order; body sent with a byte-counted content-length. */
    public CompletableFuture<EslFrame> send(String line, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(line).append('\n');
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        byte[] bodyBytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (bodyBytes != null) {
            sb.append("content-length: ").append(bodyBytes.length).append('\n');
        }
        sb.append('\n');
        CompletableFuture<EslFrame> f = new CompletableFuture<>();
        synchronized (writeLock) {
            if (!open.get()) {
                f.completeExceptionally(new IOException("ESL 连接已关闭"));
                return f;
            }
            pending.add(f); // same lock as the write: reply order = write order
            try {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                if (bodyBytes != null) {
                    out.write(bodyBytes);
                }
                out.flush();
            } catch (IOException e) {
                pending.remove(f);
                f.completeExceptionally(e);
                shutdown(e);
            }
        }
        return f;
    }

    /** Subscribes, e.g. {@code events(PLAIN, "CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE BACKGROUND_JOB")}. */
    public EslFrame events(EventFormat format, String names) {
        return check(send("event " + format.keyword() + " " + names, Map.of(), null));
    }

    public EslFrame filter(String header, String value) {
        return check(send("filter " + header + " " + value, Map.of(), null));
    }

    private static EslFrame check(CompletableFuture<EslFrame> f) {
        EslFrame reply = f.orTimeout(10, TimeUnit.SECONDS).join();
        if (!reply.replyText().startsWith("+OK")) {
            throw new EslProtocolException("FreeSWITCH 拒绝命令: " + reply.replyText());
        }
        return reply;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Events waiting for the dispatcher (a growing number means a slow listener, never a blocked socket). */
    public int backlog() {
        return events.size();
    }

    public long framesRead() {
        return framesRead.get();
    }

    private void read(InputStream in, FrameDecoder decoder) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                decoder.feed(buf, 0, n, this::route);
            }
            shutdown(new IOException("FreeSWITCH 关闭了 ESL 连接"));
        } catch (IOException | RuntimeException e) {
            shutdown(e);
        }
    }

    private void route(EslFrame frame) {
        framesRead.incrementAndGet();
        String type = frame.contentType();
        if (type.equals("command/reply") || type.equals("api/response")) {
            CompletableFuture<EslFrame> f = pending.poll();
            if (f != null) {
                f.complete(frame);
            }
        } else {
            events.add(frame); // events, disconnect notices, log data: handled off the reader
        }
    }

    private void dispatch() {
        try {
            while (true) {
                EslFrame frame = events.take();
                if (frame == CLOSED) {
                    return;
                }
                try {
                    if (frame.isEvent()) {
                        listener.onEvent(EventParser.parse(frame));
                    } else if (frame.contentType().equals("text/disconnect-notice")) {
                        listener.onDisconnectNotice(frame);
                    }
                } catch (RuntimeException e) {
                    listener.onListenerError(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final EslFrame CLOSED = EslFrame.of(null);

    private void shutdown(Exception cause) {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closing
        }
        CompletableFuture<EslFrame> f;
        while ((f = pending.poll()) != null) {
            f.completeExceptionally(cause);
        }
        events.add(CLOSED);
        Thread.ofVirtual().start(() -> listener.onClosed(cause));
    }

    @Override
    public void close() {
        if (open.get()) {
            try {
                send("exit", Map.of(), null).orTimeout(1, TimeUnit.SECONDS).exceptionally(e -> null).join();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        shutdown(new IOException("客户端关闭"));
    }
}
