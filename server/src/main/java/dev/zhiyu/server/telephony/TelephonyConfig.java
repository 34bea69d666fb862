package dev.zhiyu.server.telephony;

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
 */
public record TelephonyConfig(String fsHost, int fsPort, String fsPassword, List<String> gateways,
                              List<String> callerIds, String asr, String recordDir, double demoTimeScale,
                              long maxListRows, String region, ZoneId zone,
                              int tenantMaxCalls, double abandonCap, int demoAgents,
                              int gatewayMaxCalls, int gatewayMaxCps) {

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
        return Map.copyOf(d);
    }

    public boolean demo() {
        return fsHost.isBlank();
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
                    Integer.parseInt(v.get("zhiyu.telephony.gateway.max.cps")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zhiyu.telephony.* 配置无效：" + e.getMessage(), e);
        }
    }


    public TelephonyConfig {
        gateways = List.copyOf(gateways);
        callerIds = List.copyOf(callerIds);
        if (gateways.isEmpty() || callerIds.isEmpty()) {
            throw new IllegalArgumentException("zhiyu.telephony.gateways 和 zhiyu.telephony.caller.ids 不能为空");
        }
        if (tenantMaxCalls < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.tenant.max.calls 须至少为 1");
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
        if (fsPort < 1 || fsPort > 65535 || demoTimeScale <= 0 || maxListRows < 1) {
            throw new IllegalArgumentException("zhiyu.telephony.fs.port、demo.time.scale 或 list.max.rows 超出范围");
        }
    }

    private static List<String> csv(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
