package dev.zhiyu.telephony.sim;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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

    /**
     * An answered call the switch's dead-air guard hung up: {@code deadAir} runs from the last command any client
     * sent for the channel (or its answer) to the hang-up.
     */
    public record DeadAirHangup(String uuid, java.time.Instant lastControl, java.time.Instant hungUp, boolean apologised) {
        public java.time.Duration deadAir() {
            return java.time.Duration.between(lastControl, hungUp);
        }
    }

    private final List<DeadAirHangup> deadAir = new CopyOnWriteArrayList<>();
    private final Config config;
    private final List<SimConnection> connections = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong prompts = new AtomicLong();
    private final java.util.Map<String, List<String>> spoken = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong maxDeadAirNanos = new AtomicLong();
    private final java.util.Queue<Long> deadAirs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong accepted = new AtomicLong();
    private final SimCallcenter callcenter = new SimCallcenter(this);
    private final SimHash hash = new SimHash();
    private final SimChannels channels;
    private final SimCommands commands;
    private volatile SimEvents events = new SimEvents(UUID.randomUUID().toString(), 1000);
    /** The modules of the captured FreeSWITCH build (see ../shared/data/esl/README.md), mod_test the speech engine. */
    private volatile Set<String> modules = Set.of("mod_sofia", "mod_event_socket", "mod_dptools", "mod_commands",
            "mod_dialplan_xml", "mod_loopback", "mod_sndfile", "mod_native_file", "mod_tone_stream", "mod_hash",
            "mod_expr", "mod_say_en", "mod_console", "mod_logfile", "mod_test", "mod_callcenter", "mod_avmd");
    private volatile Set<String> muted = Set.of();
    private final List<String> echoed = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile int port;

    public FsSimulator(Config config, Function<String, Callee> directory) {
        this.config = config;
        this.channels = new SimChannels(this, config, directory);
        this.commands = new SimCommands(this, channels, callcenter, config.gateways());
    }

    /** Starts listening on an ephemeral localhost port (or the previous one after a restart). */
    public synchronized int start() throws IOException {
        ServerSocket s = bind();
        server = s;
        port = s.getLocalPort();
        acceptor = Thread.ofVirtual().name("sim-esl-accept").start(() -> accept(s));
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

    /**
     * The modules this node has loaded, as {@code api module_exists mod_x} answers: a speech engine whose module is
     * missing fails as on the real switch ({@code play_and_detect_speech} → {@code ASR INIT ERROR}, a {@code say:}
     * prompt → {@code PLAYBACK ERROR}; a prompt on a channel without {@code tts_engine} plays nothing yet reports
     * {@code FILE PLAYED}).
     */
    public FsSimulator modules(Set<String> loaded) {
        modules = Set.copyOf(loaded);
        return this;
    }

    /** This node without the given modules (e.g. {@code mod_test}). */
    public FsSimulator without(String... unloaded) {
        Set<String> left = new java.util.HashSet<>(modules);
        List.of(unloaded).forEach(left::remove);
        return modules(left);
    }

    boolean hasModule(String name) {
        return modules.contains(name);
    }

    /**
     * Speech engines whose module is loaded ({@code module_exists} says true) but which yield nothing: a muted TTS
     * engine "plays" its prompts with no audio (playback events, {@code playback_samples=0}), a muted recogniser
     * never detects speech — an engine whose server is unreachable or misconfigured, which only a test utterance
     * finds.
     */
    public FsSimulator mute(String... engines) {
        muted = Set.copyOf(List.of(engines));
        return this;
    }

    boolean muted(String engine) {
        int colon = engine.indexOf(':');
        return muted.contains(colon < 0 ? engine : engine.substring(0, colon));
    }

    /** What the recognisers of loopback (echo) channels heard: the test utterances that came back, in order. */
    public List<String> echoed() {
        return List.copyOf(echoed);
    }

    void echoed(String text) {
        echoed.add(text);
    }

    /** Whether the module of a speech engine ({@code unimrcp}, {@code test:profile}…) is loaded. */
    boolean hasEngine(String engine) {
        int colon = engine.indexOf(':');
        return hasModule("mod_" + (colon < 0 ? engine : engine.substring(0, colon)));
    }

    SimCallcenter callcenter() {
        return callcenter;
    }

    SimHash hash() {
        return hash;
    }

    /**
     * The longest stretch an answered channel ran no application (nobody controlling it: the callee hears
     * nothing), in wall-clock time.
     */
    public java.time.Duration maxDeadAir() {
        return java.time.Duration.ofNanos(maxDeadAirNanos.get());
    }

    /**
     * Stretches of dead air on answered channels longer than {@code limit}, in wall-clock time: what fills dead air
     * (a dialer restarting, the switch's dead-air guard) runs on real seconds whatever the time scale.
     */
    public int deadAirsOver(java.time.Duration limit) {
        return (int) deadAirs.stream().filter(n -> n > limit.toNanos()).count();
    }

    void deadAir(long nanos) {
        maxDeadAirNanos.accumulateAndGet(nanos, Math::max);
        deadAirs.add(nanos);
    }

    /** Entries in mod_hash's table (hang-up records not yet consumed). */
    public int hashEntries() {
        return hash.size();
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                socket.setTcpNoDelay(true);
                accepted.incrementAndGet();
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
        hash.clear(); // mod_hash lives in the process's memory
        events = new SimEvents(UUID.randomUUID().toString(), 1);
        start();
    }

    /**
     * Closes the listening socket and waits for its accept loop to end: only then is the socket really closed (a
     * thread blocked in accept defers the close), so that a connection attempt after this is refused, never reset.
     */
    private void stopListening() throws IOException {
        if (server != null) {
            server.close();
        }
        if (acceptor != null) {
            try {
                acceptor.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("等待模拟器停止监听时被中断", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        stopListening();
        dropConnections();
        channels.all().forEach(ch -> ch.controls.add(new SimChannel.Control.Kill("SYSTEM_SHUTDOWN")));
        commands.scheduler.close();
    }

    // ---- observation for tests ----

    /**
     * One leg's life, in System.nanoTime(): created, answered (0: never), ended (0: still up); {@code cause} is
     * {@code SWITCH_RESTART} for a leg that died with a {@link #restart()}.
     */
    public record Leg(String uuid, String number, long created, long answered, long ended, String cause) {
    }

    /** Every leg created so far, in order of creation. */
    public List<Leg> legs() {
        return channels.legs();
    }

    /** Every destination number originated, in order (including failed ones). */
    public List<String> dialled() {
        return channels.dialled();
    }

    /** Calls the switch's dead-air guard hung up, in order. */
    public List<DeadAirHangup> deadAirHangups() {
        return List.copyOf(deadAir);
    }

    /** Whether a channel with this uuid is up. */
    public boolean channelUp(String uuid) {
        SimChannel ch = channels.get(uuid);
        return ch != null && ch.up();
    }

    /** ESL connections accepted so far (each reconnect attempt that reached the socket counts). */
    public long connectionsAccepted() {
        return accepted.get();
    }

    public int liveChannels() {
        return channels.size();
    }

    /** Prompts that began playing while listening for speech ({@code play_and_detect_speech}). */
    public long promptsStarted() {
        return prompts.get();
    }

    void promptStarted() {
        prompts.incrementAndGet();
    }

    /** The {@code say:} prompts that began playing to a leg, in order: what its callee heard. */
    public List<String> spoken(String uuid) {
        return List.copyOf(spoken.getOrDefault(uuid, List.of()));
    }

    void spoke(String uuid, String text) {
        spoken.computeIfAbsent(uuid, u -> new CopyOnWriteArrayList<>()).add(text);
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

    void deadAir(DeadAirHangup h) {
        deadAir.add(h);
    }

    void log(String line) {
        log.add(line);
    }

    void disconnected(SimConnection c) {
        connections.remove(c);
    }

    SimCommands commands() {
        return commands;
    }

    void remove(SimChannel ch) {
        channels.remove(ch);
    }

    /** The most channels ever up at once through {@code gateway} (as FreeSWITCH's gateway would count them). */
    public int peakChannels(String gateway) {
        return channels.peak(gateway);
    }

    void publish(EslEvent event) {
        published.incrementAndGet();
        Map<EventFormat, byte[]> encoded = new EnumMap<>(EventFormat.class);
        for (SimConnection c : connections) {
            c.deliver(event, encoded);
        }
    }
}
