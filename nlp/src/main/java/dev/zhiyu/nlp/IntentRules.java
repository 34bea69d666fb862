package dev.zhiyu.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An ordered set of {@link IntentRule}s. File format, one rule per line ('#' comments):
 * {@code id<TAB>intent<TAB>priority<TAB>keyword:词1|词2 or regex:正则<TAB>[confidence, default 0.95]}.
 */
public final class IntentRules {
    private final List<IntentRule> rules;

    public IntentRules(List<IntentRule> rules) {
        List<IntentRule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt(IntentRule::priority).reversed()); // stable: file order breaks ties
        this.rules = List.copyOf(sorted);
    }

    public static IntentRules none() { return new IntentRules(List.of()); }

    /** High-precision rules for the generic outbound intents (shipped beside the generic model). */
    public static IntentRules builtinGeneric() {
        try (Reader r = new InputStreamReader(IntentRules.class.getResourceAsStream("intents/generic/rules.tsv"), StandardCharsets.UTF_8)) {
            return parse(r, "intents/generic/rules.tsv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IntentRules parse(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.getFileName().toString());
        }
    }

    public static IntentRules parse(Reader reader, String source) throws IOException {
        List<IntentRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            IntentRule rule = parseLine(line, source, n);
            if (!ids.add(rule.id())) throw new DataFormatException(source, n, "规则 id 重复：" + rule.id());
            rules.add(rule);
        }
        return new IntentRules(rules);
    }

    private static IntentRule parseLine(String line, String source, int n) {
        String[] f = line.split("\t", -1);
        if (f.length < 4 || f.length > 5) throw new DataFormatException(source, n, "应为 4 或 5 列（id、意图、优先级、keyword:/regex:、[置信度]），实际 " + f.length + " 列");
        String id = f[0].strip(), intent = f[1].strip();
        if (id.isEmpty()) throw new DataFormatException(source, n, "规则 id 为空");
        if (!IntentDataset.LABEL.matcher(intent).matches()) throw new DataFormatException(source, n, "意图名「" + intent + "」不合法");
        int priority;
        double confidence;
        try {
            priority = Integer.parseInt(f[2].strip());
            confidence = f.length == 5 && !f[4].isBlank() ? Double.parseDouble(f[4].strip()) : 0.95;
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, n, "优先级或置信度不是数字：" + e.getMessage());
        }
        String spec = f[3].strip();
        try {
            if (spec.startsWith("keyword:")) return IntentRule.keywords(id, intent, priority, confidence, spec.substring(8).split("\\|"));
            if (spec.startsWith("regex:")) return new IntentRule(id, intent, priority, Pattern.compile(spec.substring(6)), confidence);
        } catch (PatternSyntaxException e) {
            throw new DataFormatException(source, n, "正则表达式错误：" + e.getDescription());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(source, n, e.getMessage());
        }
        throw new DataFormatException(source, n, "第 4 列须以 keyword: 或 regex: 开头：" + spec);
    }

    public List<IntentRule> rules() { return rules; }

    /** The highest-priority rule matching {@code text}, if any. */
    public Optional<IntentRule> match(String text) {
        String cleaned = IntentFeatures.clean(text);
        if (cleaned.isEmpty()) return Optional.empty();
        for (IntentRule r : rules) if (r.matches(cleaned)) return Optional.of(r);
        return Optional.empty();
    }
}
