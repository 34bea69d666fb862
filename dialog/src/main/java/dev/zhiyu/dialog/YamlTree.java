package dev.zhiyu.dialog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A parsed YAML document plus the line of every node, so validation errors can point at the line. */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
    /** Marks "inside a mapping" on the container stack (ArrayDeque takes no nulls). */
    private static final int[] IN_OBJECT = new int[0];

    final JsonNode root;
    private final Map<String, Integer> lines;
    private final String source;

    private YamlTree(JsonNode root, Map<String, Integer> lines, String source) {
        this.root = root;
        this.lines = lines;
        this.source = source;
    }

    static YamlTree parse(String text, String source) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new ScenarioException(source, 1, "场景应为一个 YAML 映射（键: 值）");
            }
            return new YamlTree(root, lineIndex(text), source);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ScenarioException(source, line, "YAML 语法错误：" + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScenarioException(source, 0, "读取失败：" + e.getMessage());
        }
    }

    /** Maps each node path ("/stages/1/on/affirm") to the line where it starts. */
    private static Map<String, Integer> lineIndex(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<int[]> arrayIndex = new ArrayDeque<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                switch (t) {
                    case FIELD_NAME -> {
                        path.addLast(p.currentName());
                        lines.put(pointer(path), line);
                    }
                    case START_OBJECT, START_ARRAY -> {
                        enterArrayElement(path, arrayIndex, lines, line);
                        arrayIndex.addLast(t == JsonToken.START_ARRAY ? new int[] {0} : IN_OBJECT);
                    }
                    case END_OBJECT, END_ARRAY -> {
                        arrayIndex.removeLast();
                        path.pollLast();
                    }
                    default -> {
                        enterArrayElement(path, arrayIndex, lines, line);
                        path.pollLast();
                    }
                }
            }
        }
        return lines;
    }

    private static void enterArrayElement(Deque<String> path, Deque<int[]> arrayIndex, Map<String, Integer> lines, int line) {
        int[] idx = arrayIndex.peekLast();
        if (idx != null && idx != IN_OBJECT) {
            path.addLast(Integer.toString(idx[0]++));
            lines.put(pointer(path), line);
        }
    }

    private static String pointer(Deque<String> path) {
        return "/" + String.join("/", path);
    }

    int line(String pointer) {
        String p = pointer;
        while (!p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
        return 0;
    }

    ScenarioException error(String pointer, String problem) {
        return new ScenarioException(source, line(pointer), problem + "（" + pointer + "）");
    }
}
