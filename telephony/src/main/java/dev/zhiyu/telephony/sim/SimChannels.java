package dev.zhiyu.telephony.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The switch's live channels: {@code originate} creates them, refusing as FreeSWITCH does (bad URL, unknown gateway,
 * max-sessions reached, a taken uuid); a leg that ends removes itself. Legs are counted per gateway.
 */
final class SimChannels {
    private static final Pattern ORIGINATE = Pattern.compile("^originate\\s+\\{(.*)}(\\S+)\\s+(.+)$");

    private final FsSimulator sim;
    private final FsSimulator.Config config;
    private final Function<String, Callee> directory;
    private final Map<String, SimChannel> channels = new ConcurrentHashMap<>();
    private final List<String> dialled = new CopyOnWriteArrayList<>();
    private final List<SimChannel> legs = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> gatewayLive = new ConcurrentHashMap<>();
    private final Map<String, Integer> gatewayPeak = new ConcurrentHashMap<>();

    SimChannels(FsSimulator sim, FsSimulator.Config config, Function<String, Callee> directory) {
        this.sim = sim;
        this.config = config;
        this.directory = directory;
    }

    SimChannel get(String uuid) {
        return channels.get(uuid);
    }

    Collection<SimChannel> all() {
        return channels.values();
    }

    int size() {
        return channels.size();
    }

    /** Every destination number originated, in order (including failed ones). */
    List<String> dialled() {
        return List.copyOf(dialled);
    }

    /** Every leg created so far, in order. */
    List<FsSimulator.Leg> legs() {
        return legs.stream().map(SimChannel::leg).toList();
    }

    /** The most channels ever up at once through {@code gateway}. */
    int peak(String gateway) {
        return gatewayPeak.getOrDefault(gateway, 0);
    }

    /** A restart: every live channel vanishes. */
    void clear() {
        channels.values().forEach(SimChannel::vanish);
        channels.clear();
        gatewayLive.clear();
    }

    void remove(SimChannel ch) {
        if (channels.remove(ch.uuid, ch) && ch.gateway != null) {
            gatewayLive.computeIfPresent(ch.gateway, (g, n) -> n <= 1 ? null : n - 1);
        }
    }

    void originate(String arg, String command, String jobUuid) {
        Matcher m = ORIGINATE.matcher(command.strip());
        if (!m.matches()) {
            publishJob(jobUuid, arg, "-ERR INVALID_URL\n");
            return;
        }
        Map<String, String> vars = parseVars(m.group(1));
        if (!"true".equals(vars.get("origination_nested_vars"))) {
            // switch_channel_set_variable_var_check refuses a value holding ${…} unless origination_nested_vars=true
            vars.values().removeIf(v -> v.contains("${"));
        }
        String endpoint = m.group(2);
        if (endpoint.startsWith("loopback/")) {
            loopback(endpoint, vars, arg, jobUuid);
            return;
        }
        String[] parts = endpoint.split("/");
        String number = parts[parts.length - 1].replaceAll("@.*$", "");
        if (parts.length >= 4 && parts[1].equals("gateway") && !config.gateways().contains(parts[2])) {
            // INVALID_GATEWAY creates no channel: only the BACKGROUND_JOB body
            publishJob(jobUuid, arg, "-ERR INVALID_GATEWAY\n");
            return;
        }
        String uuid = vars.getOrDefault("origination_uuid", UUID.randomUUID().toString());
        if (channels.size() >= config.maxChannels()) {
            publishJob(jobUuid, arg, "-ERR SWITCH_CONGESTION\n");
            return;
        }
        dialled.add(number);
        Callee callee = directory.apply(number);
        SimChannel ch = new SimChannel(sim, uuid, number, "sofia/" + (parts.length > 2 ? parts[2] : "sim") + "/" + number,
                vars, callee == null ? Callee.of(Callee.Kind.INVALID_NUMBER) : callee, jobUuid, arg);
        if (channels.putIfAbsent(uuid, ch) != null) {
            publishJob(jobUuid, arg, "-ERR DESTINATION_OUT_OF_ORDER\n");
            return;
        }
        legs.add(ch);
        if (parts.length >= 4 && parts[1].equals("gateway")) {
            ch.gateway = parts[2];
            synchronized (ch.vars) {
                ch.vars.put("sip_gateway_name", parts[2]); // as mod_sofia sets it on gateway legs
            }
            gatewayPeak.merge(ch.gateway, gatewayLive.merge(ch.gateway, 1, Integer::sum), Math::max);
        }
        ch.run();
    }

    /**
     * A loopback channel ({@code loopback/<exten>/<context>/<dialplan>}): its B leg runs {@code exten} in the dialplan;
     * only the inline {@code answer} + {@code echo} form the media preflight uses is modelled, the B leg sending back
     * whatever the A leg plays. Not a callee's leg: not counted in {@link #dialled} or {@link #legs}. Without
     * mod_loopback the endpoint does not exist (switch_core_session_outgoing_channel: CHAN_NOT_IMPLEMENTED); the
     * channel name {@code loopback/<exten>-a} is mod_loopback's naming of the A leg (not in the captured frames).
     */
    private void loopback(String endpoint, Map<String, String> vars, String arg, String jobUuid) {
        String[] parts = endpoint.split("/");
        if (!sim.hasModule("mod_loopback")) {
            publishJob(jobUuid, arg, "-ERR CHAN_NOT_IMPLEMENTED\n");
            return;
        }
        String exten = parts.length > 1 ? parts[1] : "";
        boolean echo = parts.length > 3 && parts[3].equals("inline") && exten.contains("answer") && exten.contains("echo");
        if (!echo) {
            publishJob(jobUuid, arg, "-ERR NO_ROUTE_DESTINATION\n");
            return;
        }
        String uuid = vars.getOrDefault("origination_uuid", UUID.randomUUID().toString());
        if (channels.size() >= config.maxChannels()) {
            publishJob(jobUuid, arg, "-ERR SWITCH_CONGESTION\n");
            return;
        }
        SimChannel ch = new SimChannel(sim, uuid, exten, "loopback/" + exten + "-a", vars,
                new Callee(Callee.Kind.ANSWER, 20, List.of(), false), jobUuid, arg);
        ch.echo = true;
        if (channels.putIfAbsent(uuid, ch) != null) {
            publishJob(jobUuid, arg, "-ERR DESTINATION_OUT_OF_ORDER\n");
            return;
        }
        ch.run();
    }

    /** The {@code {}} block's variables: split on commas outside {@code ${…}} (FreeSWITCH matches nested braces). */
    private static Map<String, String> parseVars(String s) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : s.split("(?<!\\\\),(?![^{]*})")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                String v = kv.substring(eq + 1).replace("\\,", ",");
                // FreeSWITCH's argument tokenizer keeps a single-quoted run (spaces included) and strips the quotes
                vars.put(kv.substring(0, eq), v.length() > 1 && v.startsWith("'") && v.endsWith("'")
                        ? v.substring(1, v.length() - 1) : v);
            }
        }
        return vars;
    }

    private void publishJob(String jobUuid, String arg, String body) {
        sim.publish(sim.events().backgroundJob(jobUuid, "originate", arg, body));
    }
}
