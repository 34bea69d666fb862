package dev.zhiyu.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed reads of a scenario's YAML nodes; a node of the wrong shape is an error naming its line. */
final class YamlFields {
    private final YamlTree tree;

    YamlFields(YamlTree tree) {
        this.tree = tree;
    }

    JsonNode root() {
        return tree.root;
    }

    ScenarioException error(String pointer, String problem) {
        return tree.error(pointer, problem);
    }

    interface ItemVisitor {
        void visit(JsonNode item, String pointer);
    }

    void forEachItem(JsonNode node, String ptr, ItemVisitor visitor) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw tree.error(ptr, "应为列表");
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw tree.error(ptr + "/" + i, "列表项应为映射");
            }
            visitor.visit(node.get(i), ptr + "/" + i);
        }
    }

    void allowOnly(JsonNode n, String ptr, String... keys) {
        if (n.isMissingNode()) {
            return;
        }
        if (!n.isObject()) {
            throw tree.error(ptr, "应为映射");
        }
        Set<String> allowed = Set.of(keys);
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw tree.error(ptr + "/" + f, "未知的键 " + f + "；可用的有 " + allowed);
            }
        });
    }

    String text(JsonNode n, String ptr, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw tree.error(ptr + "/" + field, "缺少 " + field + " 或为空");
        }
        return v.asText().strip();
    }

    List<String> strings(JsonNode n, String ptr) {
        if (!n.isArray() || n.isEmpty()) {
            throw tree.error(ptr, "应为非空的文本列表");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isValueNode() || n.get(i).asText().isBlank()) {
                throw tree.error(ptr + "/" + i, "应为非空文本");
            }
            out.add(n.get(i).asText().strip());
        }
        return List.copyOf(out);
    }

    Map<String, String> stringMap(JsonNode n, String ptr) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (!n.isObject()) {
            throw tree.error(ptr, "应为映射");
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw tree.error(ptr + "/" + e.getKey(), "应为文本");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    int positive(JsonNode n, String ptr, String field, int defaultValue) {
        if (!n.has(field)) {
            return defaultValue;
        }
        JsonNode v = n.get(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw tree.error(ptr + "/" + field, field + " 应为正整数");
        }
        return v.asInt();
    }

    String unique(Set<String> seen, String id, String ptr) {
        if (!seen.add(id)) {
            throw tree.error(ptr, "编号 " + id + " 重复");
        }
        return id;
    }
}
