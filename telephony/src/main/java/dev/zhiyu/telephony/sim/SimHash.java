package dev.zhiyu.telephony.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mod_hash's {@code hash} API: an in-memory table of realm/key → value, lost when the switch restarts. Replies as
 * mod_hash.c's hash_api_function writes them: insert {@code +OK}, delete {@code +OK} or {@code -ERR Not found},
 * select the bare value (empty when absent), anything else the usage line.
 */
final class SimHash {
    private final Map<String, String> table = new ConcurrentHashMap<>();

    String api(String arg) {
        String[] p = arg.split("/", 4);
        if (p.length < 3) {
            return usage();
        }
        String key = p[1] + "_" + p[2]; // mod_hash keys its table by "<realm>_<key>"
        return switch (p[0]) {
            case "insert" -> {
                if (p.length < 4) {
                    yield usage();
                }
                table.put(key, p[3]);
                yield "+OK\n";
            }
            case "delete" -> table.remove(key) != null ? "+OK\n" : "-ERR Not found\n";
            case "select" -> table.getOrDefault(key, "");
            default -> usage();
        };
    }

    int size() {
        return table.size();
    }

    void clear() {
        table.clear();
    }

    private static String usage() {
        return "-ERR Usage: hash insert|insert_ifempty|select|delete|delete_ifmatch/realm/key[/value]\n";
    }
}
