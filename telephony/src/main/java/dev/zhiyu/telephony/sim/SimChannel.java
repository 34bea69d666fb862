package dev.zhiyu.telephony.sim;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.zhiyu.telephony.sim.SimEvents.headers;

/** One simulated outbound leg, driven by its own virtual thread. */
final class SimChannel {

    /** Requests from ESL: apps queue (sendmsg execute), controls interrupt whatever is playing. */
    sealed interface Control {
        record Kill(String cause) implements Control {
        }

        record Transfer(String destination) implements Control {
        }

        record Break() implements Control {
        }
    }

    record App(String name, String arg, String eventUuid) {
    }

    final String uuid;
    final String number;
    final String channelName;
    /** A loopback leg whose far end echoes what it plays (the media preflight's test utterance). */
    volatile boolean echo;
    /** The gateway the leg went out on ({@code sofia/gateway/<gw>/…}), or null. */
    volatile String gateway;
    final Map<String, String> vars = new LinkedHashMap<>();
    private final Callee callee;
    private final FsSimulator sim;
    private final SimMedia media;
    private final String jobUuid;
    private final String jobArg;
    final LinkedBlockingQueue<App> apps = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Control> controls = new LinkedBlockingQueue<>();
    private boolean jobReported;
    volatile String state = "CS_INIT";
    volatile String callState = "DOWN";
    volatile String answerState = "ringing";
    volatile String hangupCause;
    final long created = SimEvents.micros(Instant.now());
    volatile long answered;
    private final long createdNanos = System.nanoTime();
    private volatile long answeredNanos;
    private volatile long ended;
    private volatile boolean vanished;
    private final SimDeadAir deadAir;

    SimChannel(FsSimulator sim, String uuid, String number, String channelName, Map<String, String> originateVars,
               Callee callee, String jobUuid, String jobArg) {
        this.sim = sim;
        this.uuid = uuid;
        this.number = number;
        this.channelName = channelName;
        this.callee = callee;
        this.media = new SimMedia(this, sim, callee);
        this.deadAir = new SimDeadAir(sim);
        this.jobUuid = jobUuid;
        this.jobArg = jobArg;
        vars.put("direction", "outbound");
        vars.put("uuid", uuid);
        vars.putAll(originateVars);
    }

    /** switch_channel_state_t and switch_channel_callstate_t in FreeSWITCH's order: the index is the number sent. */
    private static final List<String> STATES = List.of("CS_NEW", "CS_INIT", "CS_ROUTING", "CS_SOFT_EXECUTE", "CS_EXECUTE",
            "CS_EXCHANGE_MEDIA", "CS_PARK", "CS_CONSUME_MEDIA", "CS_HIBERNATE", "CS_RESET", "CS_HANGUP", "CS_REPORTING",
            "CS_DESTROY");
    private static final List<String> CALL_STATES = List.of("DOWN", "DIALING", "RINGING", "EARLY", "ACTIVE", "HELD",
            "RING_WAIT", "HANGUP", "UNHELD");

    /** A running-state change, announced as FreeSWITCH does (CHANNEL_STATE from set_running_state). */
    private void state(String s) {
        state = s;
        publish(sim.events().channelAt("switch_channel_perform_set_running_state", 2408, "CHANNEL_STATE", this,
                List.of(), List.of(), ""));
    }

    /** A call-state change: CHANNEL_CALLSTATE with the previous state and the new state's number before the channel data. */
    private void callState(String s) {
        String old = callState;
        callState = s;
        publish(sim.events().channelAt("switch_channel_perform_set_callstate", 301, "CHANNEL_CALLSTATE", this,
                headers("Original-Channel-Call-State", old, "Channel-Call-State-Number",
                        Integer.toString(CALL_STATES.indexOf(s))), List.of(), ""));
    }

    void channelData(List<Map.Entry<String, String>> h) {
        SimEvents.add(h, "Channel-State", state);
        SimEvents.add(h, "Channel-Call-State", callState);
        SimEvents.add(h, "Channel-State-Number", Integer.toString(STATES.indexOf(state)));
        SimEvents.add(h, "Channel-Name", channelName);
        SimEvents.add(h, "Unique-ID", uuid);
        SimEvents.add(h, "Call-Direction", "outbound");
        SimEvents.add(h, "Channel-Call-UUID", uuid);
        SimEvents.add(h, "Answer-State", answerState);
        if (hangupCause != null) {
            SimEvents.add(h, "Hangup-Cause", hangupCause);
        }
        SimEvents.add(h, "Caller-Caller-ID-Number", vars.getOrDefault("origination_caller_id_number", ""));
        SimEvents.add(h, "Caller-Destination-Number", number);
        SimEvents.add(h, "Caller-Unique-ID", uuid);
        SimEvents.add(h, "Caller-Channel-Created-Time", Long.toString(created));
        SimEvents.add(h, "Caller-Channel-Answered-Time", Long.toString(answered));
        synchronized (vars) {
            vars.forEach((k, v) -> SimEvents.add(h, "variable_" + k, v));
        }
    }

    void run() {
        try {
            fire("CHANNEL_CREATE", List.of(), List.of(), "");
            state("CS_ROUTING");
            state("CS_CONSUME_MEDIA"); // an originated leg waits for answer in CS_CONSUME_MEDIA
            callState("RINGING");
            fire("CHANNEL_PROGRESS", List.of(), List.of(), "");
            if (callee.kind() == Callee.Kind.EARLY_MEDIA_DEAD) {
                earlyMediaThenDead();
                return;
            }
            if (callee.kind() == Callee.Kind.NO_ANSWER) {
                Control c = pause(Math.max(callee.ringMillis(), timeoutMillis()));
                hangup(c instanceof Control.Kill k ? k.cause() : "NO_ANSWER", null, "send_cancel", "19");
                return;
            }
            Control c = pause(callee.ringMillis());
            if (c instanceof Control.Kill k) {
                hangup(k.cause(), null, "send_cancel", "16");
                return;
            }
            if (callee.kind() != Callee.Kind.ANSWER) {
                Callee.Kind kind = callee.kind();
                hangup(kind.cause, kind.sipStatus, kind.disposition, kind.q850);
                return;
            }
            answer();
            converse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sim.remove(this);
        }
    }

    private void earlyMediaThenDead() throws InterruptedException {
        fire("CHANNEL_PROGRESS_MEDIA", List.of(), List.of(), "");
        if (!"true".equals(vars.get("ignore_early_media"))) {
            // without ignore_early_media FreeSWITCH treats 183 as success: the robot would talk to an announcement
            reportJob("+OK " + uuid + "\n");
            state("CS_EXECUTE");
            fire("CHANNEL_PARK", List.of(), List.of(), "");
        }
        pause(callee.ringMillis() * 2);
        Callee.Kind kind = callee.kind();
        hangup(kind.cause, kind.sipStatus, kind.disposition, kind.q850);
    }

    void touched() {
        deadAir.touched();
    }

    void guardFired() {
        deadAir.guardFired();
    }

    private void answer() {
        if (vanished) {
            return;
        }
        answeredNanos = System.nanoTime();
        answered = SimEvents.micros(Instant.now());
        answerState = "answered";
        callState("ACTIVE");
        deadAir.answered();
        fire("CHANNEL_ANSWER", List.of(), List.of(), "");
        apiOnAnswer();
        reportJob("+OK " + uuid + "\n");
        state("CS_EXECUTE");
        fire("CHANNEL_PARK", List.of(), List.of(), "");
    }

    /** Every {@code api_on_answer*} variable runs as an API command, as switch_channel_api_on does at answer. */
    private void apiOnAnswer() {
        List<String> commands;
        synchronized (vars) {
            commands = vars.entrySet().stream().filter(e -> e.getKey().startsWith("api_on_answer"))
                    .map(Map.Entry::getValue).toList();
        }
        commands.forEach(c -> sim.commands().exec(c));
    }

    private void converse() throws InterruptedException {
        while (hangupCause == null) {
            Control c = controls.poll();
            if (c != null) {
                handle(c);
                continue;
            }
            App app = apps.poll(sim.scaled(50), TimeUnit.MILLISECONDS);
            if (app != null) {
                execute(app);
            } else if (deadAir.outlasts(callee.patienceMillis())) {
                hangup("NORMAL_CLEARING", "200", "recv_bye", "16"); // the callee gave up on the silence
            }
        }
    }

    private void handle(Control c) throws InterruptedException {
        switch (c) {
            case Control.Kill k -> hangup(k.cause(), "200", "send_bye", "16");
            case Control.Transfer t -> transferred(t.destination());
            case Control.Break b -> {
                // nothing playing between apps
            }
        }
    }

    private void execute(App app) throws InterruptedException {
        deadAir.appStarted(app.name());
        fire("CHANNEL_EXECUTE", List.of(), appHeaders(app), "");
        String response = "_none_";
        switch (app.name()) {
            case "playback", "speak" -> response = media.play(app);
            case "play_and_detect_speech" -> {
                response = media.detect(app);
                if (response == null) {
                    return;
                }
            }
            case "set" -> {
                int eq = app.arg().indexOf('=');
                if (eq > 0) {
                    synchronized (vars) {
                        vars.put(app.arg().substring(0, eq), app.arg().substring(eq + 1));
                    }
                }
            }
            case "hangup" -> {
                hangup(app.arg().isBlank() ? "NORMAL_CLEARING" : app.arg(), "200", "send_bye", "16");
                return;
            }
            case "callcenter" -> {
                fire("CHANNEL_EXECUTE_COMPLETE", List.of(), appHeaders(app, "_none_"), "");
                if (!sim.callcenter().serve(this, app.arg())) {
                    transferred(app.arg());
                }
                return;
            }
            case "transfer", "bridge" -> {
                fire("CHANNEL_EXECUTE_COMPLETE", List.of(), appHeaders(app, "_none_"), "");
                transferred(app.arg());
                return;
            }
            default -> response = "-ERR unknown application";
        }
        if (hangupCause == null) {
            fire("CHANNEL_EXECUTE_COMPLETE", List.of(), appHeaders(app, response), "");
            deadAir.appEnded();
        }
    }

    /** Waits up to {@code millis} (unscaled) for a control; a hang-up request ends the wait. */
    Control waitOn(long millis) throws InterruptedException {
        return pause(millis);
    }

    void act(Control c) throws InterruptedException {
        handle(c);
    }

    boolean up() {
        return hangupCause == null;
    }

    String var(String name) {
        synchronized (vars) {
            return vars.get(name);
        }
    }

    private void transferred(String destination) throws InterruptedException {
        deadAir.endIdle(); // an agent or another extension has the call now
        synchronized (vars) {
            vars.put("transfer_destination", destination);
        }
        fire("CHANNEL_UNPARK", List.of(), List.of(), "");
        pause(sim.scaled(500)); // the agent talks to the customer, then the customer hangs up
        if (hangupCause == null) {
            hangup("NORMAL_CLEARING", "200", "recv_bye", "16");
        }
    }

    void hangup(String cause, String sipStatus, String disposition, String q850) {
        if (hangupCause != null) {
            return;
        }
        hangupCause = cause;
        ended = System.nanoTime();
        deadAir.hungUp(uuid);
        answerState = "hangup";
        state("CS_HANGUP");
        callState("HANGUP");
        synchronized (vars) {
            vars.put("sip_hangup_disposition", disposition);
            if (sipStatus != null) {
                vars.put("sip_term_status", sipStatus);
            }
            vars.put("hangup_cause", cause);
            vars.put("hangup_cause_q850", q850);
            long bill = answered == 0 ? 0 : (SimEvents.micros(Instant.now()) - answered) / 1_000_000;
            vars.put("answer_epoch", Long.toString(answered / 1_000_000)); // before billsec, as the real switch lists them
            vars.put("billsec", Long.toString(bill));
        }
        fire("CHANNEL_HANGUP", headers("Hangup-Cause", cause), List.of(), "");
        sim.commands().hangupHook(this);
        state("CS_REPORTING");
        fire("CHANNEL_HANGUP_COMPLETE", headers("Hangup-Cause", cause), List.of(), "");
        reportJob("-ERR " + cause + "\n");
        state("CS_DESTROY");
        fire("CHANNEL_DESTROY", List.of(), List.of(), "");
    }

    private void reportJob(String body) {
        if (!jobReported) {
            jobReported = true;
            publish(sim.events().backgroundJob(jobUuid, "originate", jobArg, body));
        }
    }

    /** Waits up to {@code millis} (scaled); returns a control request that arrived meanwhile, or null. */
    private Control pause(long millis) throws InterruptedException {
        return controls.poll(Math.max(1, sim.scaled(millis)), TimeUnit.MILLISECONDS);
    }

    private long timeoutMillis() {
        try {
            return Long.parseLong(vars.getOrDefault("originate_timeout", "60")) * 1000;
        } catch (NumberFormatException e) {
            return 60_000;
        }
    }

    private List<Map.Entry<String, String>> appHeaders(App app) {
        return headers("Application", app.name(), "Application-Data", app.arg(), "Application-UUID", app.eventUuid());
    }

    private List<Map.Entry<String, String>> appHeaders(App app, String response) {
        return headers("Application", app.name(), "Application-Data", app.arg(), "Application-Response", response,
                "Application-UUID", app.eventUuid());
    }

    void fire(String name, List<Map.Entry<String, String>> before, List<Map.Entry<String, String>> after,
              String body) {
        publish(event(name, before, after, body));
    }

    /** Sends an event of this leg, unless the leg died with a restarted switch (a dead process sends nothing). */
    void publish(EslEvent e) {
        if (!vanished) {
            sim.publish(e);
        }
    }

    /** The switch restarted: the leg is gone at once, without events or hang-up hook. */
    void vanish() {
        vanished = true;
        if (hangupCause == null) {
            hangupCause = "SWITCH_RESTART";
            ended = System.nanoTime();
        }
        controls.add(new Control.Kill("SWITCH_RESTART")); // wakes the leg's thread, which then finds it gone
    }

    /** The leg's life for a soak's timeline: System.nanoTime() of creation, answer (0: never), end (0: still up). */
    FsSimulator.Leg leg() {
        return new FsSimulator.Leg(uuid, number, createdNanos, answeredNanos, ended, hangupCause);
    }

    EslEvent event(String name, List<Map.Entry<String, String>> before, List<Map.Entry<String, String>> after,
                   String body) {
        return sim.events().channel(name, this, before, after, body);
    }
}
