package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.CallGuards;
import dev.zhiyu.telephony.MediaEngines;
import dev.zhiyu.telephony.Switchboard;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telephony settings ({@code zhiyu.telephony.*}). With no FreeSWITCH host the server runs in demo mode: the
 * in-JVM simulator with Chinese-speaking simulated callees stands in for FreeSWITCH.
 *
 * @param demoTimeScale simulator durations × this (demo mode only)
 * @param tenantMaxCalls each tenant's cap on concurrent calls across all its tasks
 * @param abandonCap     predictive tasks: the abandon rate (answered calls that found no free agent) to stay under
 * @param demoAgents     demo mode: simulated mod_callcenter agents in queue {@link #DEMO_QUEUE}
 * @param gatewayMaxCalls concurrent calls per gateway, across every tenant of this node
 * @param gatewayMaxCps   originates per second per gateway, across every tenant of this node
 * @param tenantMaxCps    originates per second of one tenant across all its tasks
 * @param nodes           the FreeSWITCH nodes calls are spread over (empty: demo mode)
 * @param smsPerNumberDaily SMS a dialog may queue to one number within 24 hours
 * @param smsPerMinute    SMS one tenant may queue per minute
 * @param agentTarget     where a supervisor's take-over sends a call when its task names no agent queue:
 *                        {@code queue:<mod_callcenter queue>} or an extension; null = no human agents configured
 * @param unconfirmedGrace how long an open call whose FreeSWITCH node was down when the dialer started waits for that
 *                        node before it is closed as interrupted (its lead is not dialled meanwhile)
 * @param tts             the TTS engine set as every call's {@code tts_engine} (its module {@code mod_<tts>} must be
 *                        loaded on each node, as {@code mod_<asr>} must)
 * @param mediaFailuresToPause media failures in a row (a prompt not played, the recogniser failing) after which a
 *                        task pauses itself
 * @param taskLease       how long a server node's lease on a task lasts unrenewed: when a node dies, another node
 *                        sharing the database takes its tasks over after this (plus up to 2 s)
 * @param guards          dead-air bound and apology, early hang-up threshold
 * @param reconnectMax    the longest wait between two connection attempts to a node that is down (the backoff cap)
 */
public record TelephonyConfig(String fsHost, int fsPort, String fsPassword, List<String> gateways,
                              List<String> callerIds, String asr, String recordDir, double demoTimeScale,
                              long maxListRows, String region, ZoneId zone,
                              int tenantMaxCalls, double abandonCap, int demoAgents,
                              int gatewayMaxCalls, int gatewayMaxCps, int tenantMaxCps, List<Switchboard.Node> nodes,
                              int smsPerNumberDaily, int smsPerMinute, String agentTarget,
                              java.time.Duration unconfirmedGrace, String tts, int mediaFailuresToPause,
                              java.time.Duration taskLease, CallGuards guards,
                              java.time.Duration reconnectMax) {

    private static final java.util.regex.Pattern NODE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public static final Map<String, String> DEFAULTS = defaults();

    /** The mod_callcenter queue of simulated agents in demo mode. */
    public static final String DEMO_QUEUE = "sales@default";

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("zhiyu.telephony.fs.host", "");
        d.put("zhiyu.telephony.fs.port", "8021");
        d.put("zhiyu.telephony.fs.password", "ClueCon");
        d.put("zhiyu.telephony.gateways", "gw1,gw2");
        d.put("zhiyu.telephony.caller.ids", "057188880000");
        d.put("zhiyu.telephony.asr", "unimrcp");
        d.put("zhiyu.telephony.tts", "unimrcp");
        d.put("zhiyu.telephony.media.failures.pause", "3");
        d.put("zhiyu.telephony.record.dir", "");
        d.put("zhiyu.telephony.demo.time.scale", "0.2");
        d.put("zhiyu.telephony.list.max.rows", "1000000");
        d.put("zhiyu.telephony.region", "CN");
        d.put("zhiyu.telephony.zone", "Asia/Shanghai");
        d.put("zhiyu.telephony.tenant.max.calls", "100");
        d.put("zhiyu.telephony.predictive.abandon.cap", "0.03");
        d.put("zhiyu.telephony.demo.agents", "5");
        d.put("zhiyu.telephony.gateway.max.calls", "500");
        d.put("zhiyu.telephony.gateway.max.cps", "30");
        d.put("zhiyu.telephony.tenant.max.cps", "20");
        d.put("zhiyu.telephony.nodes", "");
        d.put("zhiyu.telephony.sms.per.number.daily", "1");
        d.put("zhiyu.telephony.sms.per.minute", "60");
        d.put("zhiyu.telephony.agent.target", "");
        d.put("zhiyu.telephony.unconfirmed.grace", "30m");
        d.put("zhiyu.telephony.task.lease", "15s");
        d.put("zhiyu.telephony.dead.air.seconds", "10");
        d.put("zhiyu.telephony.dead.air.apology", "zhiyu/dead_air_apology.wav");
        d.put("zhiyu.telephony.early.hangup.seconds", "5");
        d.put("zhiyu.telephony.reconnect.max", "30s");
        return Map.copyOf(d);
    }

    /** The speech engines every node must have, with the settings that choose them. */
    public MediaEngines media() {
        return new MediaEngines(asr, "zhiyu.telephony.asr", tts, "zhiyu.telephony.tts");
    }

    public boolean demo() {
        return nodes.isEmpty();
    }

    /** What the switchboard is built from: the nodes, or in demo mode the simulator with its agents. */
    public Switchboard.Config switchboard() {
        return new Switchboard.Config(nodes, demo() ? new Switchboard.Demo(demoTimeScale, DEMO_QUEUE, demoAgents) : null,
                gateways, gatewayMaxCalls, gatewayMaxCps, abandonCap, reconnectMax, media(), mediaFailuresToPause(), guards());
    }

    /** From {@code zhiyu.telephony.*} keys (others ignored); bad values fail naming the key. */
    public static TelephonyConfig fromMap(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((k, val) -> {
            if (k.startsWith("zhiyu.telephony.")) {
                if (!DEFAULTS.containsKey(k)) {
                    throw new IllegalArgumentException("未知配置项 " + k + "；可用的有 " + DEFAULTS.keySet());
                }
                v.put(k, val.trim());
            }
        });
        try {
            return new TelephonyConfig(v.get("zhiyu.telephony.fs.host"), Integer.parseInt(v.get("zhiyu.telephony.fs.port")),
                    v.get("zhiyu.telephony.fs.password"), csv(v.get("zhiyu.telephony.gateways")),
                    csv(v.get("zhiyu.telephony.caller.ids")), v.get("zhiyu.telephony.asr"),
                    v.get("zhiyu.telephony.record.dir").isBlank() ? null : v.get("zhiyu.telephony.record.dir"),
                    Double.parseDouble(v.get("zhiyu.telephony.demo.time.scale")),
                    Long.parseLong(v.get("zhiyu.telephony.list.max.rows")), v.get("zhiyu.telephony.region"),
                    ZoneId.of(v.get("zhiyu.telephony.zone")),
                    Integer.parseInt(v.get("zhiyu.telephony.tenant.max.calls")),
                    Double.parseDouble(v.get("zhiyu.telephony.predictive.abandon.cap")),
                    Integer.parseInt(v.get("zhiyu.telephony.demo.agents")),
                    Integer.parseInt(v.get("zhiyu.telephony.gateway.max.calls")),
                    Integer.parseInt(v.get("zhiyu.telephony.gateway.max.cps")),
                    Integer.parseInt(v.get("zhiyu.telephony.tenant.max.cps")), nodes(v),
                    Integer.parseInt(v.get("zhiyu.telephony.sms.per.number.daily")),
                    Integer.parseInt(v.get("zhiyu.telephony.sms.per.minute")),
                    v.get("zhiyu.telephony.agent.target").isBlank() ? null : v.get("zhiyu.telephony.agent.target"),
                    minutes("zhiyu.telephony.unconfirmed.grace", v), v.get("zhiyu.telephony.tts"),
                    Integer.parseInt(v.get("zhiyu.telephony.media.failures.pause")),
                    minutes("zhiyu.telephony.task.lease", v), guards(v),
                    minutes("zhiyu.telephony.reconnect.max", v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zhiyu.telephony.* 配置无效：" + e.getMessage(), e);
        }
    }


    public TelephonyConfig {
        gateways = List.copyOf(gateways);
        nodes = List.copyOf(nodes);
        callerIds = List.copyOf(callerIds);
        if (gateways.isEmpty() || callerIds.isEmpty()) {
            throw new IllegalArgumentException("zhiyu.telephony.gateways 和 zhiyu.telephony.caller.ids 不能为空");
        }
        if (guards == null) {
            throw new IllegalArgumentException("zhiyu.telephony.dead.air.* 和 early.hangup.seconds 缺失");
        }
        if (unconfirmedGrace == null || unconfirmedGrace.isNegative() || unconfirmedGrace.isZero()) {
            throw new IllegalArgumentException("zhiyu.telephony.unconfirmed.grace 须大于 0（例如 30m、90s、2h）");
        }
        for (String[] engine : new String[][]{{"zhiyu.telephony.asr", asr}, {"zhiyu.telephony.tts", tts}}) {
            if (engine[1] == null || !engine[1].matches("[A-Za-z0-9_.:-]{1,64}")) {
                // it goes into ESL commands and the module name mod_<engine>
                throw new IllegalArgumentException(engine[0] + " 应为 FreeSWITCH 语音引擎名（如 unimrcp），当前为 " + engine[1]);
            }
        }
        if (mediaFailuresToPause < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.media.failures.pause 须至少为 1");
        }
        if (taskLease == null || taskLease.compareTo(java.time.Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("zhiyu.telephony.task.lease 须至少 3s（例如 15s）：节点每三分之一租期续约一次");
        }
        if (reconnectMax == null || reconnectMax.isZero() || reconnectMax.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("zhiyu.telephony.reconnect.max 须在 1s 到 1h 之间（例如 30s）");
        }
        if (tenantMaxCalls < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.tenant.max.calls 须至少为 1");
        }
        if (smsPerNumberDaily < 1 || smsPerMinute < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.sms.per.number.daily 和 zhiyu.telephony.sms.per.minute 须至少为 1");
        }
        if (tenantMaxCps < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.tenant.max.cps 须至少为 1");
        }
        if (!(abandonCap > 0 && abandonCap < 1)) {
            throw new IllegalArgumentException("zhiyu.telephony.predictive.abandon.cap 须在 0 到 1 之间（例如 0.03）");
        }
        if (gatewayMaxCalls < 1 || gatewayMaxCps < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.gateway.max.calls 和 zhiyu.telephony.gateway.max.cps 须至少为 1");
        }
        if (demoAgents < 0 || demoAgents > 1000) {
            throw new IllegalArgumentException("zhiyu.telephony.demo.agents 应在 0 到 1000 之间");
        }
        if (agentTarget != null && !agentTarget.matches("[A-Za-z0-9_.@:+-]{1,128}")) {
            // it goes into an ESL command line: no spaces or newlines
            throw new IllegalArgumentException("zhiyu.telephony.agent.target 应为 queue:<队列名> 或分机号（字母、数字、_.@:+-）");
        }
        if (fsPort < 1 || fsPort > 65535 || demoTimeScale <= 0 || maxListRows < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.fs.port、demo.time.scale 或 list.max.rows 超出范围");
        }
    }

    /**
     * {@code zhiyu.telephony.nodes}: comma-separated {@code name=host:port} entries, each optionally followed by
     * {@code ;gateways=gw1|gw2;max.channels=N;max.cps=N;password=P}. Empty: the single node {@code fs.host} (if
     * set). Password defaults to {@code fs.password}, gateways to all, limits to 1000 channels and 50 calls/s.
     */
    static List<Switchboard.Node> nodes(Map<String, String> v) {
        List<String> all = csv(v.get("zhiyu.telephony.gateways"));
        String pw = v.get("zhiyu.telephony.fs.password");
        String spec = v.get("zhiyu.telephony.nodes");
        if (spec.isBlank()) {
            String host = v.get("zhiyu.telephony.fs.host");
            return host.isBlank() ? List.of()
                    : List.of(new Switchboard.Node("fs1", host, Integer.parseInt(v.get("zhiyu.telephony.fs.port")), pw, all, 1000, 50));
        }
        List<Switchboard.Node> out = new java.util.ArrayList<>();
        for (String entry : csv(spec)) {
            String[] parts = entry.split(";");
            int eq = parts[0].indexOf('=');
            int colon = parts[0].lastIndexOf(':');
            if (eq < 1 || colon < eq + 2) {
                throw new IllegalArgumentException("zhiyu.telephony.nodes 的条目应形如 fs1=10.0.0.1:8021，当前为 " + entry);
            }
            String name = parts[0].substring(0, eq).strip();
            if (!NODE_NAME.matcher(name).matches() || out.stream().anyMatch(n -> n.name().equals(name))) {
                throw new IllegalArgumentException("zhiyu.telephony.nodes 的节点名无效或重复：" + name);
            }
            Map<String, String> opts = new LinkedHashMap<>(Map.of("gateways", String.join("|", all), "max.channels", "1000",
                    "max.cps", "50", "password", pw));
            for (int i = 1; i < parts.length; i++) {
                int e = parts[i].indexOf('=');
                String key = e < 0 ? parts[i].strip() : parts[i].substring(0, e).strip();
                if (e < 0 || !opts.containsKey(key)) {
                    throw new IllegalArgumentException("节点 " + name + " 的选项 " + parts[i].strip()
                            + " 无效；可用的有 gateways、max.channels、max.cps、password");
                }
                opts.put(key, parts[i].substring(e + 1).strip());
            }
            List<String> gws = Arrays.stream(opts.get("gateways").split("\\|")).map(String::strip).filter(g -> !g.isEmpty()).toList();
            if (gws.isEmpty() || !all.containsAll(gws)) {
                throw new IllegalArgumentException("节点 " + name + " 的网关 " + gws + " 须是 zhiyu.telephony.gateways " + all + " 中的");
            }
            int port = Integer.parseInt(parts[0].substring(colon + 1).strip());
            int channels = Integer.parseInt(opts.get("max.channels"));
            int cps = Integer.parseInt(opts.get("max.cps"));
            if (port < 1 || port > 65535 || channels < 1 || cps < 1) {
                throw new IllegalArgumentException("节点 " + name + " 的端口、max.channels 或 max.cps 超出范围");
            }
            out.add(new Switchboard.Node(name, parts[0].substring(eq + 1, colon).strip(), port, opts.get("password"), gws, channels, cps));
        }
        return out;
    }

    private static CallGuards guards(Map<String, String> v) {
        return new CallGuards(java.time.Duration.ofSeconds(seconds(v, "zhiyu.telephony.dead.air.seconds")),
                v.get("zhiyu.telephony.dead.air.apology"),
                java.time.Duration.ofSeconds(seconds(v, "zhiyu.telephony.early.hangup.seconds")));
    }

    private static long seconds(Map<String, String> v, String key) {
        try {
            return Long.parseLong(v.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " 应为整数秒，当前为 " + v.get(key));
        }
    }

    /** {@code 30m}, {@code 90s}, {@code 2h} or a bare number of minutes. */
    private static java.time.Duration minutes(String key, Map<String, String> v) {
        String s = v.get(key);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smh]?)").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " 应形如 30m、90s 或 2h，当前为 " + s);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> java.time.Duration.ofSeconds(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofMinutes(n);
        };
    }

    private static List<String> csv(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
