package dev.zhiyu.telephony.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslFrame;
import dev.zhiyu.telephony.esl.EslListener;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Call control over one FreeSWITCH node: originate, per-call commands, event routing by Unique-ID / Job-UUID,
 * reconnect with exponential backoff and, after reconnecting, a {@link Resync} of the calls placed on the lost
 * connection ({@link MissedEvents}); {@link Reattachment} takes over the channels of a crashed process.
 */
public final class CallControl implements EslListener, AutoCloseable {

    static final String EVENTS = "CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_PARK "
            + "CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE PLAYBACK_START PLAYBACK_STOP DETECTED_SPEECH DTMF "
            + "RECORD_START RECORD_STOP BACKGROUND_JOB HEARTBEAT CUSTOM callcenter::info";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where and how to reach one node. */
    public record Node(String name, String host, int port, String password) {
    }

    /** The ESL connection and its number: a resync judges only the calls placed on an earlier connection. */
    private record Link(EslClient client, long epoch) {
    }

    private final Node node;
    private final Clock clock;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Call> byJob = new ConcurrentHashMap<>();
    private final EventDeduper deduper = new EventDeduper(50_000);
    private final AtomicLong eventsSeen = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Consumer<String> alerts;
    private volatile Link link = new Link(null, 0);
    private volatile boolean closed;
    /** From a reconnect until the calls placed before it are judged: their state is not yet confirmed. */
    private volatile boolean resyncing;
    private volatile Duration backoffMax = Duration.ofSeconds(30);
    private final Resync resync;
    private final NodeHealth health;
    private final ChannelFilter filter;
    private final java.util.List<Consumer<EslEvent>> customListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<Runnable> reconnectListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final DeadAirGuard guard;
    private final Reattachment reattachment = new Reattachment(this);
    private final MissedEvents missed = new MissedEvents(this);

    public CallControl(Node node, Clock clock, Consumer<String> alerts) {
        this.node = node;
        this.clock = clock;
        this.alerts = alerts;
        this.resync = new Resync(this, alerts);
        this.health = new NodeHealth(node, alerts);
        this.filter = new ChannelFilter(node.name(), alerts);
        this.guard = new DeadAirGuard(node.name(), this::api, alerts);
        guard.start(calls::values, this::connected, () -> closed);
    }

    /**
     * An answered call nobody controls (this process died, or lost the node) hears {@code apology} and is hung up
     * within {@code bound}; see {@link DeadAirGuard}. Default 10 s, of which 4 s for the apology.
     */
    public CallControl deadAir(Duration bound, String apology, Duration apologyLength) {
        guard.settings(new DeadAirGuard.DeadAir(bound, apology, apologyLength));
        return this;
    }

    Instant now() {
        return clock.instant();
    }

    /** Connects (throws if the first attempt fails; the cause is alerted, worded for the operator). */
    public CallControl start() throws IOException {
        try {
            link = new Link(open(), 0);
        } catch (IOException e) {
            health.failed(e);
            throw e;
        }
        health.connected();
        return this;
    }

    /** Why the node cannot be used now (wrong password, refused, timed out...), or empty while it is connected. */
    public Optional<String> problem() {
        return connected() ? Optional.empty() : Optional.ofNullable(health.problem());
    }

    /**
     * Told {@code false} when the connection drops and {@code true} once it is back and the calls placed before are
     * judged again; called on a background thread, must return quickly.
     */
    public void onLink(Consumer<Boolean> listener) {
        health.onLink(listener);
    }

    /** After a failed {@link #start()}: keeps trying to connect with backoff (a node down at start-up). */
    public void retryInBackground() {
        if (!closed && !connected()) {
            Thread.ofVirtual().name("esl-reconnect-" + node.name()).start(this::reconnect);
        }
    }

    public CallControl backoffMax(Duration max) {
        this.backoffMax = max;
        return this;
    }

    boolean closed() {
        return closed;
    }

    /** Closes and completes calls whose events went to a lost connection (for the {@link Resync}). */
    MissedEvents missed() {
        return missed;
    }

    private EslClient open() throws IOException {
        EslClient c = EslClient.connect(node.host(), node.port(), node.password(), Duration.ofSeconds(5), this);
        try {
            filter.subscribe(c, EVENTS, calls.keySet());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close(); // an IOException, whatever failed: the reconnect loop retries it rather than dying
            throw e instanceof IOException io ? io : new IOException("FreeSWITCH " + node.name() + " 订阅事件失败：" + e, e);
        }
    }

    public boolean connected() {
        EslClient c = link.client();
        return c != null && c.isOpen();
    }

    /** Connected, and every call placed before the last reconnect judged again: calls' states are the switch's. */
    public boolean confirmed() {
        return connected() && !resyncing;
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long eventsSeen() {
        return eventsSeen.get();
    }

    public int liveCalls() {
        return calls.size();
    }

    public Node node() {
        return node;
    }

    /** Sends {@code bgapi originate}; the returned call is registered before the command leaves. */
    public Call originate(OriginateRequest request) {
        return place(request, request.command(guard.originateVariables(request.uuid())));
    }

    /**
     * Originates a channel of the switch's own ({@code command} is the whole {@code originate …}, e.g. a loopback
     * leg), followed like a call: {@code request} only names it ({@code uuid} must be its origination_uuid).
     */
    Call originateCommand(OriginateRequest request, String command) {
        return place(request, command);
    }

    private Call place(OriginateRequest request, String command) {
        String jobUuid = UUID.randomUUID().toString();
        Call call = new Call(this, request, jobUuid, clock.instant(), false);
        calls.put(request.uuid(), call); // before the connection is read: a resync after a reconnect sees it
        byJob.put(jobUuid, call);
        Link l = link; // one read: the call is judged by the epoch of the connection its originate goes out on
        call.epoch = l.epoch();
        EslClient c = l.client();
        if (c == null || !c.isOpen()) {
            failLocally(call, "NORMAL_TEMPORARY_FAILURE");
            return call;
        }
        filter.follow(c, request.uuid());
        c.bgapi(command, jobUuid).whenComplete((reply, err) -> {
            if (err != null && !c.isOpen()) {
                return; // the connection dropped: FreeSWITCH may have the channel; the resync on reconnect decides
            }
            if (err != null || !reply.replyText().startsWith("+OK")) {
                failLocally(call, "NORMAL_TEMPORARY_FAILURE");
            }
        });
        return call;
    }

    private void failLocally(Call call, String cause) {
        byJob.remove(call.jobUuid);
        forget(call.uuid());
        call.job.complete("-ERR " + cause + "\n");
    }

    /** Stops waiting for a call's BACKGROUND_JOB (its result comes from elsewhere). */
    void forgetJob(Call call) {
        byJob.remove(call.jobUuid == null ? "" : call.jobUuid);
    }

    /**
     * Starts following a channel this process did not originate: false if it is followed already. Registered before
     * anything is asked about it, so that no event of the channel is missed or filtered out meanwhile.
     */
    boolean adopt(Call call) {
        call.epoch = link.epoch();
        if (calls.putIfAbsent(call.uuid(), call) != null) {
            return false;
        }
        EslClient c = link.client();
        if (c != null && c.isOpen()) {
            filter.follow(c, call.uuid());
        }
        return true;
    }

    /** Stops following a channel adopted for a look that found it gone or another's. */
    void drop(Call call) {
        if (calls.get(call.uuid()) == call) {
            forget(call.uuid());
        }
    }

    Consumer<String> alerts() {
        return alerts;
    }

    /** Stops following a channel, and its events stop coming. */
    private void forget(String uuid) {
        if (calls.remove(uuid) != null) {
            filter.unfollow(link.client(), uuid);
        }
    }

    public CompletableFuture<String> api(String command) {
        if (command.startsWith("uuid_transfer ")) {
            guard.release(command.split(" ")[1]); // a human agent has the call now
        }
        EslClient c = link.client();
        if (c == null || !c.isOpen()) {
            return CompletableFuture.failedFuture(new IOException("FreeSWITCH " + node.name() + " 未连接"));
        }
        return c.api(command);
    }

    /** {@code sendmsg <uuid>} execute; arguments with non-ASCII text go in the body, as FreeSWITCH expects. */
    public CompletableFuture<EslFrame> execute(Call call, String app, String arg, String eventUuid) {
        EslClient c = link.client();
        if (c == null || !c.isOpen()) {
            return CompletableFuture.failedFuture(new IOException("FreeSWITCH " + node.name() + " 未连接"));
        }
        if (app.equals("callcenter") || app.equals("transfer") || app.equals("bridge")) {
            guard.release(call.uuid()); // a human agent has the call now
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("call-command", "execute");
        h.put("execute-app-name", app);
        boolean ascii = arg.chars().allMatch(ch -> ch < 128) && arg.length() < 1024;
        if (ascii) {
            h.put("execute-app-arg", arg);
        }
        h.put("event-lock", "true");
        h.put("Event-UUID", eventUuid);
        if (!ascii) {
            h.put("content-type", "text/plain");
        }
        return c.sendmsg(call.uuid(), h, ascii ? null : arg);
    }

    /** {@code uuid_kill}; one that cannot be sent now (connection down) is sent by the resync after reconnecting. */
    public CompletableFuture<String> hangup(Call call, String cause) {
        call.pendingKill = cause;
        return kill(call.uuid(), cause).whenComplete((r, e) -> {
            if (e == null) {
                call.pendingKill = null;
            }
        });
    }

    /**
     * {@code uuid_kill} of a channel this process does not follow (e.g. one a crashed dialer left up); check its owner
     * with {@link #inspect} first. Fails when the connection is down.
     */
    public CompletableFuture<String> kill(String uuid, String cause) {
        return api("uuid_kill " + uuid + " " + cause);
    }

    /**
     * Receives {@code CUSTOM} events (mod_callcenter's {@code callcenter::info}) on the reader thread: the listener
     * must return quickly and never block.
     */
    public void onCustom(Consumer<EslEvent> listener) {
        customListeners.add(listener);
    }

    /** Runs after every reconnect (also the first connection of a node that was down at start); must not block. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    @Override
    public void onEvent(EslEvent e) {
        eventsSeen.incrementAndGet();
        if (e.name().equals("CUSTOM")) {
            for (Consumer<EslEvent> l : customListeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    alerts.accept("处理 " + e.subclass() + " 事件失败: " + ex.getMessage());
                }
            }
            if (e.uniqueId() == null) {
                return;
            }
        }
        if (e.name().equals("BACKGROUND_JOB")) {
            Call call = byJob.remove(e.getOrEmpty("Job-UUID"));
            if (call != null) {
                call.job.complete(e.body());
                if (e.body().contains("INVALID_GATEWAY")) {
                    health.missingGateway(call.request().gateway());
                } else if (e.body().startsWith("+OK")) {
                    health.gatewayWorks(call.request().gateway());
                }
                if (e.body().startsWith("-ERR") && !call.hangupComplete.isDone() && call.answeredAt == null
                        && e.body().contains("INVALID_GATEWAY")) {
                    finish(call, MissedEvents.hangup(call, "INVALID_GATEWAY")); // no channel ⇒ no HANGUP_COMPLETE will come
                }
            }
            return;
        }
        if (e.name().equals("DETECTED_SPEECH") && !deduper.first(e)) {
            return;
        }
        String uuid = e.uniqueId();
        Call call = uuid == null ? null : calls.get(uuid);
        if (call == null) {
            return;
        }
        call.deliver(e);
        if (e.name().equals("CHANNEL_HANGUP_COMPLETE")) {
            forget(uuid);
        }
    }

    /** The call's end, real or rebuilt: it is no longer followed and its thread gets the hang-up. */
    void finish(Call call, EslEvent hangup) {
        forget(call.uuid());
        call.deliver(hangup);
    }

    @Override
    public void onClosed(Exception cause) {
        if (closed) {
            return;
        }
        health.lost(cause);
        health.linkChanged(false);
        Thread.ofVirtual().name("esl-reconnect-" + node.name()).start(this::reconnect);
    }

    private void reconnect() {
        long delay = 50;
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(delay);
                EslClient c = open();
                long previous;
                synchronized (this) {
                    previous = link.epoch();
                    resyncing = true;
                    link = new Link(c, previous + 1);
                }
                reconnects.incrementAndGet();
                health.connected();
                reconnectListeners.forEach(Runnable::run);
                // only calls placed on an earlier connection: one originated just now may not be listed yet
                resync.run(calls.values().stream().filter(call -> call.epoch <= previous).toList())
                        .whenComplete((judged, err) -> {
                            resyncing = false;
                            health.linkChanged(true);
                        });
                return;
            } catch (IOException e) {
                health.failed(e);
                delay = Math.min(delay * 2, backoffMax.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Takes over a channel an earlier (crashed) process originated with {@code request}; see {@link Reattachment}.
     * Empty when FreeSWITCH no longer has it or it is another owner's.
     */
    public Optional<Call> reattach(OriginateRequest request, Instant originatedAt) {
        return reattachment.reattach(request, originatedAt);
    }

    /** The channel, or empty when FreeSWITCH no longer has it. */
    public Optional<LiveChannel> inspect(String uuid) throws Exception {
        String answer = api("uuid_dump " + uuid + " json").get(10, TimeUnit.SECONDS);
        return answer.startsWith("-ERR") ? Optional.empty() : Optional.of(LiveChannel.fromDump(uuid, answer));
    }

    /** UUIDs FreeSWITCH reports as live right now (used at start-up to re-attach calls of a crashed dialer). */
    public Set<String> liveChannelUuids() throws Exception {
        return new HashSet<>(channelStates().keySet());
    }

    /** The live channels as {@code show channels} lists them: uuid → call state ({@code RINGING}, {@code ACTIVE}…). */
    Map<String, String> channelStates() throws Exception {
        Map<String, String> live = new HashMap<>();
        JSON.readTree(api("show channels as json").get(10, TimeUnit.SECONDS)).path("rows")
                .forEach(r -> live.put(r.path("uuid").asText(), r.path("callstate").asText()));
        return live;
    }

    @Override
    public void close() {
        closed = true;
        EslClient c = link.client();
        if (c != null) {
            c.close();
        }
    }
}
