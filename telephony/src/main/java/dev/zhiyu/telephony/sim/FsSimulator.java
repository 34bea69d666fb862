package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslFrame;
import dev.zhiyu.telephony.esl.EventEncoder;
import dev.zhiyu.telephony.esl.EventFormat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-JVM FreeSWITCH for tests and demo mode: inbound ESL on localhost speaking the captured wire format,
 * outbound legs whose callees follow a {@link Callee} script, and fault injection (dropped sockets, restart,
 * listeners killed after lost events). Durations are multiplied by {@code timeScale}.
 */
public final class FsSimulator implements AutoCloseable {

    /** @param maxChannels FreeSWITCH's max-sessions: beyond it originate fails with -ERR... like the real one */
    public record Config(String password, Set<String> gateways, double timeScale, int maxLostEvents,
                         int queueCapacity, int maxChannels) {
        public static Config defaults() {
            return new Config("ClueCon", Set.of("gw1", "gw2"), 0.01, 500, 20_000, 5_000);
        }

        public Config withTimeScale(double scale) {
            return new Config(password, gateways, scale, maxLostEvents, queueCapacity, maxChannels);
        }

        public Config withQueueCapacity(int capacity) {
            return new Config(password, gateways, timeScale, maxLostEvents, capacity, maxChannels);
        }
    }

    private static final Pattern ORIGINATE = Pattern.compile("^originate\\s+\\{([^}]*)}(\\S+)\\s+(.+)$");

    private final Config config;
    private final Function<String, Callee> directory;
    private final List<SimConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, SimChannel> channels = new ConcurrentHashMap<>();
    private final List<String> dialled = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final SimCallcenter callcenter = new SimCallcenter(this);
    private final Map<String, Integer> gatewayLive = new ConcurrentHashMap<>();
    private final Map<String, Integer> gatewayPeak = new ConcurrentHashMap<>();
    private volatile SimEvents events = new SimEvents(UUID.randomUUID().toString(), 1000);
    private volatile ServerSocket server;
    private volatile int port;

    public FsSimulator(Config config, Function<String, Callee> directory) {
        this.config = config;
        this.directory = directory;
    }

    /** Starts listening on an ephemeral localhost port (or the previous one after a restart). */
    public synchronized int start() throws IOException {
        ServerSocket s = bind();
        server = s;
        port = s.getLocalPort();
        Thread.ofVirtual().name("sim-esl-accept").start(() -> accept(s));
        return port;
    }

    /**
     * After a restart the old port may have been handed to another process's outgoing connection meanwhile;
     * a real FreeSWITCH also takes a moment to come back, so wait for the port for up to five seconds.
     */
    private ServerSocket bind() throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return s;
            } catch (java.net.BindException e) {
                s.close();
                if (port == 0 || attempt >= 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * A mod_callcenter queue of {@code count} simulated agents (logged in, Available, Waiting), each talking
     * {@code handleMillis} (× timeScale) with every call it takes; agent changes go out as
     * {@code CUSTOM callcenter::info} events and {@code api callcenter_config queue list agents <queue>} lists them.
     */
    public FsSimulator agents(String queue, int count, long handleMillis) {
        callcenter.queue(queue, count, handleMillis);
        return this;
    }

    /** Calls the simulated agents of a queue have taken so far. */
    public int agentCalls(String queue) {
        return callcenter.served(queue);
    }

    /** The most agents of a queue ever on calls at once. */
    public int peakAgentsBusy(String queue) {
        return callcenter.peakBusy(queue);
    }

    /** All agents of a simulated queue change status, e.g. {@code On Break} and back to {@code Available}. */
    public void agentStatus(String queue, String status) {
        callcenter.status(queue, status);
    }

    /** Members of a queue that found no Waiting agent on arrival and had to wait. */
    public int membersWaited(String queue) {
        return callcenter.waited(queue);
    }

    SimCallcenter callcenter() {
        return callcenter;
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                socket.setTcpNoDelay(true);
                SimConnection c = new SimConnection(this, socket, config.queueCapacity());
                connections.add(c);
                c.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    // ---- fault injection ----

    /** The network drops every ESL socket; calls carry on inside "FreeSWITCH". */
    public void dropConnections() {
        connections.forEach(SimConnection::close);
    }

    /**
     * The node becomes unreachable without losing its calls (a network partition): sockets drop and nobody can
     * connect until {@link #start()} is called again, which listens on the same port.
     */
    public synchronized void goOffline() throws IOException {
        stopListening();
        dropConnections();
    }

    /** FreeSWITCH process restart: sockets and every live call vanish, a new Core-UUID, listening again. */
    public synchronized void restart() throws IOException {
        stopListening();
        dropConnections();
        channels.clear();
        gatewayLive.clear();
        events = new SimEvents(UUID.randomUUID().toString(), 1);
        start();
    }

    private void stopListening() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() throws IOException {
        stopListening();
        dropConnections();
        channels.values().forEach(ch -> ch.controls.add(new SimChannel.Control.Kill("SYSTEM_SHUTDOWN")));
    }

    // ---- observation for tests ----

    /** Every destination number originated, in order (including failed ones). */
    public List<String> dialled() {
        return List.copyOf(dialled);
    }

    public int liveChannels() {
        return channels.size();
    }

    public long eventsPublished() {
        return published.get();
    }

    public int lostEvents() {
        return connections.stream().mapToInt(SimConnection::lostEvents).sum();
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    // ---- called by connections and channels ----

    String password() {
        return config.password();
    }

    int maxLostEvents() {
        return config.maxLostEvents();
    }

    SimEvents events() {
        return events;
    }

    long scaled(long millis) {
        return Math.max(0, Math.round(millis * config.timeScale()));
    }

    void log(String line) {
        log.add(line);
    }

    void disconnected(SimConnection c) {
        connections.remove(c);
    }

    void remove(SimChannel ch) {
        if (channels.remove(ch.uuid, ch) && ch.gateway != null) {
            gatewayLive.computeIfPresent(ch.gateway, (g, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** The most channels ever up at once through {@code gateway} (as FreeSWITCH's gateway would count them). */
    public int peakChannels(String gateway) {
        return gatewayPeak.getOrDefault(gateway, 0);
    }

    void publish(EslEvent event) {
        published.incrementAndGet();
        Map<EventFormat, byte[]> encoded = new EnumMap<>(EventFormat.class);
        for (SimConnection c : connections) {
            c.deliver(event, encoded);
        }
    }

    void bgapi(String command, String jobUuid) {
        Thread.ofVirtual().name("sim-job").start(() -> {
            if (command.startsWith("originate ")) {
                originate(command.substring("originate ".length()).strip(), command, jobUuid);
            } else {
                String verb = command.split("\\s+")[0];
                publish(events.backgroundJob(jobUuid, verb, command.substring(verb.length()).strip(), api(command)));
            }
        });
    }

    private void originate(String arg, String command, String jobUuid) {
        Matcher m = ORIGINATE.matcher(command.strip());
        if (!m.matches()) {
            publish(events.backgroundJob(jobUuid, "originate", arg, "-ERR INVALID_URL\n"));
            return;
        }
        Map<String, String> vars = parseVars(m.group(1));
        String endpoint = m.group(2);
        String[] parts = endpoint.split("/");
        String number = parts[parts.length - 1].replaceAll("@.*$", "");
        if (parts.length >= 4 && parts[1].equals("gateway") && !config.gateways().contains(parts[2])) {
            // INVALID_GATEWAY creates no channel: only the BACKGROUND_JOB body
            publish(events.backgroundJob(jobUuid, "originate", arg, "-ERR INVALID_GATEWAY\n"));
            return;
        }
        String uuid = vars.getOrDefault("origination_uuid", UUID.randomUUID().toString());
        if (channels.size() >= config.maxChannels()) {
            publish(events.backgroundJob(jobUuid, "originate", arg, "-ERR SWITCH_CONGESTION\n"));
            return;
        }
        dialled.add(number);
        Callee callee = directory.apply(number);
        SimChannel ch = new SimChannel(this, uuid, number, "sofia/" + (parts.length > 2 ? parts[2] : "sim") + "/" + number,
                vars, callee == null ? Callee.of(Callee.Kind.INVALID_NUMBER) : callee, jobUuid, arg);
        if (channels.putIfAbsent(uuid, ch) != null) {
            publish(events.backgroundJob(jobUuid, "originate", arg, "-ERR DESTINATION_OUT_OF_ORDER\n"));
            return;
        }
        if (parts.length >= 4 && parts[1].equals("gateway")) {
            ch.gateway = parts[2];
            synchronized (ch.vars) {
                ch.vars.put("sip_gateway_name", parts[2]); // as mod_sofia sets it on gateway legs
            }
            gatewayPeak.merge(ch.gateway, gatewayLive.merge(ch.gateway, 1, Integer::sum), Math::max);
        }
        ch.run();
    }

    static Map<String, String> parseVars(String s) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : s.split("(?<!\\\\),")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                vars.put(kv.substring(0, eq), kv.substring(eq + 1).replace("\\,", ","));
            }
        }
        return vars;
    }

    String sendmsg(String uuid, EslFrame frame) {
        SimChannel ch = channels.get(uuid.strip());
        if (ch == null) {
            return "-ERR invalid session id [" + uuid.strip() + "]";
        }
        String cmd = frame.header("call-command");
        if ("hangup".equals(cmd)) {
            String cause = frame.header("hangup-cause");
            ch.controls.add(new SimChannel.Control.Kill(cause == null ? "NORMAL_CLEARING" : cause));
        } else if ("execute".equals(cmd)) {
            String app = frame.header("execute-app-name");
            String appArg = frame.header("execute-app-arg");
            if (appArg == null && frame.body().length > 0) {
                appArg = frame.bodyText(); // long args travel in the body
            }
            String eventUuid = frame.header("Event-UUID");
            ch.apps.add(new SimChannel.App(app, appArg == null ? "" : appArg,
                    eventUuid == null ? UUID.randomUUID().toString() : eventUuid));
        } else {
            return "-ERR unknown call-command";
        }
        return "+OK";
    }

    String api(String command) {
        String[] p = command.strip().split("\\s+");
        SimChannel ch = p.length > 1 ? channels.get(p[1]) : null;
        return switch (p[0]) {
            case "status" -> "UP 0 years, 0 days\nFreeSWITCH (Version 1.10.12-release simulator) is ready\n"
                    + channels.size() + " session(s)\n";
            case "show" -> command.contains("channels") ? showChannels() : "-ERR unsupported\n";
            case "uuid_kill" -> control(ch, new SimChannel.Control.Kill(p.length > 2 ? p[2] : "NORMAL_CLEARING"));
            case "uuid_transfer" -> control(ch, new SimChannel.Control.Transfer(p.length > 2 ? p[2] : ""));
            case "uuid_break" -> control(ch, new SimChannel.Control.Break());
            case "uuid_record" -> record(ch, p);
            case "uuid_setvar" -> setvar(ch, p);
            case "uuid_getvar" -> ch == null ? "-ERR No such channel!\n" : ch.vars.getOrDefault(p.length > 2 ? p[2] : "", "_undef_");
            case "uuid_exists" -> ch == null ? "false" : "true";
            case "uuid_dump" -> ch == null ? "-ERR No such channel!\n" : dump(ch);
            case "callcenter_config" -> callcenter.api(p);
            case "sofia" -> "Name\t" + (p.length > 3 ? p[3] : "") + "\nStatus\t"
                    + (p.length > 3 && config.gateways().contains(p[3]) ? "UP" : "Invalid Gateway!") + "\n";
            default -> "-ERR " + p[0] + " Command not found!\n";
        };
    }

    private static String control(SimChannel ch, SimChannel.Control c) {
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        ch.controls.add(c);
        return "+OK\n";
    }

    private String record(SimChannel ch, String[] p) {
        if (ch == null) {
            return "-ERR Cannot locate session!\n";
        }
        boolean start = p.length > 3 && p[2].equals("start");
        String path = p.length > 3 ? p[3] : "";
        synchronized (ch.vars) {
            if (start) {
                ch.vars.put("record_path", path);
            }
        }
        publish(events.channel(start ? "RECORD_START" : "RECORD_STOP", ch, List.of(),
                SimEvents.headers("Record-File-Path", start ? path : ch.vars.getOrDefault("record_path", "")), ""));
        return "+OK Success\n";
    }

    private static String setvar(SimChannel ch, String[] p) {
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        synchronized (ch.vars) {
            ch.vars.put(p[2], p.length > 3 ? p[3] : "");
        }
        return "+OK\n";
    }

    /** {@code uuid_dump <uuid> json}: the channel's data as a JSON CHANNEL_DATA event (captured in 01_inbound_main). */
    private String dump(SimChannel ch) {
        EslEvent data = events.channel("CHANNEL_DATA", ch, List.of(), List.of(), "");
        return EventEncoder.frame(data, EventFormat.JSON).bodyText();
    }

    private String showChannels() {
        if (channels.isEmpty()) {
            return "{\"row_count\": 0}\n";
        }
        List<String> rows = new ArrayList<>();
        for (SimChannel ch : channels.values()) {
            rows.add("{\"uuid\":\"" + ch.uuid + "\",\"direction\":\"outbound\",\"name\":\"" + ch.channelName
                    + "\",\"state\":\"" + ch.state + "\",\"dest\":\"" + ch.number + "\",\"callstate\":\""
                    + ch.callState + "\",\"call_uuid\":\"" + ch.uuid + "\"}");
        }
        return "{\"row_count\":" + rows.size() + ",\"rows\":[" + String.join(",", rows) + "]}\n";
    }
}
