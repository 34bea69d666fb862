package dev.zhiyu.server.labels;

import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.knowledge.OfficerRole;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one catalogue of names for internal keys (intents, stages, outcomes, dispositions, hang-up causes, roles, task and
 * call states, officer roles, scenarios and their problems) in Chinese and English. Chinese names come from where the
 * key is defined when that place has one (a scenario's {@code name} and problem labels, the enums' labels), else from
 * {@code labels.tsv}, which also holds every English name. A key nobody named gets a humanised name, never the raw id
 * in Chinese.
 */
public final class Labels {
    private static final Map<String, Map<String, Name>> BASE = load();

    /** A key's names. */
    public record Name(String zh, String en) {
        String in(Lang lang) {
            return lang == Lang.EN ? en : zh;
        }
    }

    private final Map<String, Map<String, Name>> names;

    private Labels(Map<String, Map<String, Name>> names) {
        this.names = names;
    }

    /** The shipped names plus those the tenant's {@code scenarios} give themselves. */
    public static Labels with(Collection<Scenario> scenarios) {
        Map<String, Map<String, Name>> all = new TreeMap<>();
        BASE.forEach((kind, keys) -> all.put(kind, new TreeMap<>(keys)));
        for (Disposition d : Disposition.values()) {
            put(all, "disposition", d.name(), d.label());
        }
        for (TaskStatus s : TaskStatus.values()) {
            put(all, "taskStatus", s.name(), s.label());
        }
        for (OfficerRole r : OfficerRole.values()) {
            put(all, "officerRole", r.name(), r.label);
        }
        for (Scenario s : scenarios) {
            put(all, "scenario", s.id(), s.name());
            s.problems().forEach(p -> put(all, "problem", p.id(), p.label()));
            s.stages().forEach(st -> named(all, "stage", st.id()));
            s.intents().forEach(i -> named(all, "intent", i.id()));
        }
        return new Labels(all);
    }

    /** Every name of {@code lang}, by kind and key. */
    public Map<String, Map<String, String>> all(Lang lang) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        names.forEach((kind, keys) -> {
            Map<String, String> shown = new LinkedHashMap<>();
            keys.forEach((key, name) -> shown.put(key, name.in(lang)));
            out.put(kind, shown);
        });
        return out;
    }

    /** The name of {@code key} of {@code kind}; a humanised one for a key nobody named. */
    public String name(String kind, String key, Lang lang) {
        Name n = names.getOrDefault(kind, Map.of()).get(key);
        return (n == null ? humanised(key) : n).in(lang);
    }

    /** {@code ask_problem} → "Ask problem" in English; in Chinese a name that says what kind of key it was not. */
    static Name humanised(String key) {
        String words = Objects.requireNonNullElse(key, "").replace('_', ' ').replace('-', ' ').strip().toLowerCase(Locale.ROOT);
        String en = words.isEmpty() ? "—" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
        return new Name("未登记（" + (key == null || key.isBlank() ? "空" : "编号 " + Math.floorMod(key.hashCode(), 1000)) + "）", en);
    }

    private static void named(Map<String, Map<String, Name>> all, String kind, String key) {
        all.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(key, Labels::humanised);
    }

    private static void put(Map<String, Map<String, Name>> all, String kind, String key, String zh) {
        if (zh == null || zh.isBlank()) {
            return;
        }
        Map<String, Name> keys = all.computeIfAbsent(kind, k -> new TreeMap<>());
        Name old = keys.get(key);
        keys.put(key, new Name(zh, old == null ? humanised(key).en() : old.en()));
    }

    private static Map<String, Map<String, Name>> load() {
        Map<String, Map<String, Name>> out = new TreeMap<>();
        try (var in = Labels.class.getResourceAsStream("labels.tsv");
             var r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in, "labels.tsv"), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] f = l.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("labels.tsv：每行应有 4 列：" + l);
                }
                out.computeIfAbsent(f[0], k -> new TreeMap<>()).put(f[1], new Name(f[2], f[3]));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
