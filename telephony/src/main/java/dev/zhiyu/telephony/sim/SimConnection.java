package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslFrame;
import dev.zhiyu.telephony.esl.EventEncoder;
import dev.zhiyu.telephony.esl.EventFormat;
import dev.zhiyu.telephony.esl.FrameDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One inbound ESL client of the simulator. Like mod_event_socket, events go through a bounded queue; when the
 * client does not read, events are lost and after {@code maxLostEvents} the listener is disconnected.
 */
final class SimConnection {

    private static final byte[] BYE = ("Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
            + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n").getBytes(StandardCharsets.UTF_8);

    private final FsSimulator sim;
    private final Socket socket;
    private final BlockingQueue<byte[]> outbox;
    private final AtomicInteger lost = new AtomicInteger();
    private final List<Map.Entry<String, String>> filters = new CopyOnWriteArrayList<>();
    private volatile Set<String> subscribed = Set.of();
    private volatile EventFormat format = EventFormat.PLAIN;
    private volatile boolean authed;
    private volatile boolean closed;

    SimConnection(FsSimulator sim, Socket socket, int queueCapacity) {
        this.sim = sim;
        this.socket = socket;
        this.outbox = new ArrayBlockingQueue<>(queueCapacity);
    }

    void start() {
        Thread.ofVirtual().name("sim-esl-writer").start(this::write);
        Thread.ofVirtual().name("sim-esl-reader").start(this::read);
        reply("Content-Type: auth/request\n\n");
    }

    private void read() {
        FrameDecoder decoder = new FrameDecoder(true);
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while (!closed && (n = in.read(buf)) >= 0) {
                decoder.feed(buf, 0, n, this::command);
            }
        } catch (IOException | RuntimeException e) {
            // client went away or spoke garbage: FreeSWITCH just drops the socket
        } finally {
            close();
        }
    }

    private void command(EslFrame frame) {
        String line = frame.header(FrameDecoder.COMMAND).strip();
        String verb = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
        String rest = line.substring(verb.length()).strip();
        if (!authed) {
            auth(verb, rest);
            return;
        }
        switch (verb) {
            case "event" -> event(rest);
            case "noevents" -> {
                subscribed = Set.of();
                commandReply("+OK no longer listening for events");
            }
            case "nixevent" -> {
                Set<String> s = new HashSet<>(subscribed);
                s.removeAll(List.of(rest.split("\\s+")));
                subscribed = Set.copyOf(s);
                commandReply("+OK events nixed");
            }
            case "filter" -> filter(rest);
            case "api" -> api(sim.commands().api(rest));
            case "bgapi" -> bgapi(rest, frame.header("Job-UUID"));
            case "sendmsg" -> commandReply(sim.commands().sendmsg(rest, frame));
            case "linger" -> commandReply("-ERR not controlling a session");
            case "exit" -> {
                commandReply("+OK bye");
                enqueue(BYE, true);
                closeAfterFlush();
            }
            default -> commandReply("-ERR command not found");
        }
    }

    private void auth(String verb, String rest) {
        if (verb.equals("auth") && rest.equals(sim.password())) {
            authed = true;
            commandReply("+OK accepted");
        } else {
            commandReply("-ERR invalid");
            enqueue(BYE, true);
            closeAfterFlush();
        }
    }

    private void event(String rest) {
        String[] parts = rest.split("\\s+");
        if (parts.length < 2) {
            commandReply("-ERR no keywords supplied");
            return;
        }
        EventFormat f = switch (parts[0]) {
            case "json" -> EventFormat.JSON;
            case "xml" -> EventFormat.XML;
            default -> EventFormat.PLAIN;
        };
        Set<String> s = new HashSet<>(subscribed);
        s.addAll(List.of(parts).subList(1, parts.length));
        subscribed = Set.copyOf(s);
        format = f;
        commandReply("+OK event listener enabled " + f.keyword());
    }

    /** {@code filter <header> <value>}, {@code filter delete <header> [<value>]}, {@code filter delete all}. */
    private void filter(String rest) {
        String[] kv = rest.split("\\s+", 2);
        if (kv.length < 2) {
            commandReply("-ERR invalid syntax");
            return;
        }
        if (kv[0].equalsIgnoreCase("delete")) {
            String[] del = kv[1].split("\\s+", 2);
            String value = del.length > 1 ? del[1] : "";
            if (del[0].equalsIgnoreCase("all")) {
                filters.clear();
            } else {
                filters.removeIf(f -> f.getKey().equalsIgnoreCase(del[0]) && (value.isEmpty() || f.getValue().equals(value)));
            }
            commandReply("+OK filter deleted. [" + del[0] + "][" + value + "]");
            return;
        }
        filters.add(Map.entry(kv[0], kv[1]));
        commandReply("+OK filter added. [" + kv[0] + "]=[" + kv[1] + "]");
    }

    private void bgapi(String command, String jobUuid) {
        String job = jobUuid != null ? jobUuid : java.util.UUID.randomUUID().toString();
        reply("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: " + job + "\n\n");
        sim.commands().bgapi(command, job);
    }

    private void api(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Content-Type: api/response\nContent-Length: " + b.length + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + b.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        enqueue(all, true);
    }

    private void commandReply(String text) {
        reply("Content-Type: command/reply\nReply-Text: " + text + "\n\n");
    }

    private void reply(String s) {
        enqueue(s.getBytes(StandardCharsets.UTF_8), true);
    }

    void deliver(EslEvent event, Map<EventFormat, byte[]> encoded) {
        if (!authed || closed || !wants(event)) {
            return;
        }
        byte[] bytes = encoded.computeIfAbsent(format, f -> EventEncoder.frame(event, f).toBytes());
        enqueue(bytes, false);
    }

    private boolean wants(EslEvent event) {
        Set<String> s = subscribed;
        String name = event.name();
        boolean on = s.contains("ALL") || s.contains(name)
                || name.equals("CUSTOM") && event.subclass() != null && s.contains(event.subclass());
        if (!on) {
            return false;
        }
        if (filters.isEmpty()) {
            return true;
        }
        // as mod_event_socket: an event passes when one filter's header is present and equal, ignoring case
        for (Map.Entry<String, String> f : filters) {
            String value = header(event, f.getKey());
            if (value != null && value.equalsIgnoreCase(f.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static String header(EslEvent event, String name) {
        for (Map.Entry<String, String> h : event.headers()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private void enqueue(byte[] bytes, boolean mustDeliver) {
        if (closed) {
            return;
        }
        if (outbox.offer(bytes)) {
            return;
        }
        if (mustDeliver) {
            try {
                outbox.put(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (lost.incrementAndGet() >= sim.maxLostEvents()) {
            sim.log("listener killed after " + lost.get() + " lost events");
            close(); // what mod_event_socket does to a listener that stops reading
        }
    }

    private void write() {
        try (OutputStream out = socket.getOutputStream()) {
            while (!closed) {
                byte[] b = outbox.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (b == CLOSE_MARK) {
                    break;
                }
                if (b != null) {
                    out.write(b);
                    if (outbox.isEmpty()) {
                        out.flush();
                    }
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // peer gone
        } finally {
            close();
        }
    }

    private static final byte[] CLOSE_MARK = new byte[0];

    private void closeAfterFlush() {
        try {
            outbox.put(CLOSE_MARK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int lostEvents() {
        return lost.get();
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        sim.disconnected(this);
    }
}
