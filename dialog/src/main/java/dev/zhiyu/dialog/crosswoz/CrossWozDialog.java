package dev.zhiyu.dialog.crosswoz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A CrossWOZ dialog: user turns with their acts, each followed by the system's first belief query. */
public record CrossWozDialog(String id, List<UserTurn> turns) {

    /**
     * @param state         the {@code sys_state_init} of the system turn that follows, without {@code selectedResults}:
     *                      domain → slot → value ("" when unset) — the gold belief state
     * @param previousQuery the {@code sys_state} of the system turn before (the constraints the system itself last
     *                      queried, after any relaxation), or null at the start
     */
    public record UserTurn(String text, List<DialogAct> acts, Map<String, Map<String, String>> state,
                           Map<String, Map<String, String>> previousQuery) {
    }

    /** Reads a CrossWOZ file ({@code .json}, or a {@code .zip} holding one). */
    public static List<CrossWozDialog> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root;
        if (file.toString().endsWith(".zip")) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
                ZipEntry e = zip.getNextEntry();
                while (e != null && !e.getName().endsWith(".json")) {
                    e = zip.getNextEntry();
                }
                if (e == null) {
                    throw new IOException(file + " 中没有 .json 文件");
                }
                root = json.readTree((InputStream) zip);
            }
        } else {
            root = json.readTree(file.toFile());
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " 不是 CrossWOZ 格式：顶层应为 {对话编号: 对话}");
        }
        List<CrossWozDialog> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new CrossWozDialog(e.getKey(), turns(e.getKey(), e.getValue().path("messages"))));
        }
        return out;
    }

    private static List<UserTurn> turns(String id, JsonNode messages) throws IOException {
        List<UserTurn> turns = new ArrayList<>();
        Map<String, Map<String, String>> previous = null;
        for (int i = 0; i + 1 < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!"usr".equals(m.path("role").asText())) {
                continue;
            }
            JsonNode sys = messages.get(i + 1);
            if (!sys.has("sys_state_init")) {
                throw new IOException("对话 " + id + " 第 " + (i + 2) + " 条消息缺少 sys_state_init");
            }
            turns.add(new UserTurn(m.path("content").asText(), acts(m.path("dialog_act")), state(sys.get("sys_state_init")),
                    previous));
            previous = sys.has("sys_state") ? state(sys.get("sys_state")) : null;
        }
        return turns;
    }

    static List<DialogAct> acts(JsonNode array) {
        List<DialogAct> acts = new ArrayList<>();
        array.forEach(a -> acts.add(new DialogAct(a.get(0).asText(), a.get(1).asText(), a.get(2).asText(), a.get(3).asText())));
        return acts;
    }

    private static Map<String, Map<String, String>> state(JsonNode node) {
        Map<String, Map<String, String>> state = new LinkedHashMap<>();
        node.fields().forEachRemaining(d -> {
            Map<String, String> slots = new LinkedHashMap<>();
            d.getValue().fields().forEachRemaining(s -> {
                if (!s.getKey().equals("selectedResults")) {
                    slots.put(s.getKey(), s.getValue().asText());
                }
            });
            state.put(d.getKey(), slots);
        });
        return state;
    }
}
