package dev.zhiyu.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The documented CSV and JSON formats (knowledge/README.md): one CSV file per table named {@code <table>.csv}, or one
 * JSON document {@code {"entities": [{...}], "shareholdings": [...], ...}} with the same column names.
 */
public final class TableImport {
    private TableImport() {
    }

    /** Reads every {@code <table>.csv} present in a directory (UTF-8, header row, optional BOM). */
    public static FactBatch csvDirectory(Path dir) {
        FactBatch b = new FactBatch();
        for (String table : order()) {
            Path f = dir.resolve(table + ".csv");
            if (Files.exists(f)) {
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    csv(table, f.getFileName().toString(), r, b);
                } catch (IOException e) {
                    throw new UncheckedIOException("无法读取 " + f, e);
                }
            }
        }
        return b;
    }

    /** Reads one CSV table into the batch. */
    public static FactBatch csv(String table, String file, Reader in, FactBatch b) {
        List<String> known = RowReader.COLUMNS.get(table);
        if (known == null) {
            b.reject(new BadRow(file, 0, null, "未知的表“" + table + "”，可用：" + order()));
            return b;
        }
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(in)) {
            List<String> header = p.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "")).toList();
            for (String h : header) {
                if (!known.contains(h)) {
                    b.reject(new BadRow(file, 1, h, "未知列；" + table + " 的列为 " + known + "（整个文件未导入）"));
                    return b;
                }
            }
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                if (rec.size() != header.size()) {
                    b.reject(new BadRow(file, line, null, "列数 " + rec.size() + " 与表头 " + header.size() + " 不符"));
                    continue;
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), rec.get(i));
                }
                RowReader.read(table, file, line, row, b);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            b.reject(new BadRow(file, 0, null, "CSV 无法解析：" + e.getMessage()));
        }
        return b;
    }

    /** Reads the JSON form; a row's number is its 1-based position in its table's array. */
    public static FactBatch json(String file, byte[] document) {
        FactBatch b = new FactBatch();
        JsonNode root;
        try {
            root = FactCodec.MAPPER.readTree(document);
        } catch (IOException e) {
            return b.reject(new BadRow(file, 0, null, "JSON 格式错误：" + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return b.reject(new BadRow(file, 0, null, "应为 JSON 对象，键为表名"));
        }
        root.fieldNames().forEachRemaining(t -> {
            if (!RowReader.COLUMNS.containsKey(t)) {
                b.reject(new BadRow(file, 0, t, "未知的表，可用：" + order()));
            }
        });
        for (String table : order()) {
            JsonNode rows = root.get(table);
            if (rows == null) {
                continue;
            }
            if (!rows.isArray()) {
                b.reject(new BadRow(file, 0, table, "应为数组"));
                continue;
            }
            for (int i = 0; i < rows.size(); i++) {
                jsonRow(table, file + "#" + table, i + 1, rows.get(i), b);
            }
        }
        return b;
    }

    private static void jsonRow(String table, String file, long n, JsonNode node, FactBatch b) {
        if (!node.isObject()) {
            b.reject(new BadRow(file, n, null, "应为对象"));
            return;
        }
        Map<String, String> row = new HashMap<>();
        List<String> known = RowReader.COLUMNS.get(table);
        List<String> unknown = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            if (!known.contains(f.getKey())) {
                unknown.add(f.getKey());
            } else if (!f.getValue().isNull()) {
                row.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            }
        });
        if (!unknown.isEmpty()) {
            b.reject(new BadRow(file, n, unknown.getFirst(), "未知字段；可用字段为 " + known));
            return;
        }
        RowReader.read(table, file, n, row, b);
    }

    static List<String> order() {
        return List.of("entities", "products", "shareholdings", "officers", "guarantees", "events", "product_links",
                "company_products", "supplies", "concerts");
    }
}
