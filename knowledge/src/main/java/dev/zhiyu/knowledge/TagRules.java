package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule tags in a small line format, one rule per line, conditions joined by {@code AND}:
 * <pre>
 * # 注释
 * 国有控股: controller.kind = STATE
 * 民营企业: controller.kind = PERSON AND listed = false
 * 担保圈成员: guarantee_circle = true
 * 5G产业链: chain = 5G
 * 一年内实控人变更: controller.since_days <= 365
 * 近期受罚: events.处罚.365 >= 1
 * 华东半导体: attr.region = 上海 AND attr.industry = 半导体
 * </pre>
 * Fields: controller.kind (STATE/PERSON/NONE…), controller.votes (percent), controller.since_days (days since the
 * controlling holding started), ownership.missing (percent), listed, incomplete, guarantee_circle, chain,
 * attr.&lt;key&gt;, events.&lt;type&gt;.&lt;days&gt; (count of that type within the last days). Operators: = != &gt;= &lt;= &gt; &lt;.
 */
public final class TagRules {
    private static final Pattern CONDITION = Pattern.compile("\\s*([\\p{L}\\p{N}_.]+)\\s*(!=|>=|<=|=|>|<)\\s*(.+?)\\s*");
    private final List<Rule> rules;

    record Condition(String field, String op, String value) {
    }

    record Rule(String tag, List<Condition> conditions) {
    }

    private TagRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The shipped rules ({@code default-tags.rules}). */
    public static TagRules defaults() {
        try (var in = TagRules.class.getResourceAsStream("default-tags.rules")) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<String> tags() {
        return rules.stream().map(Rule::tag).toList();
    }

    /** Parses rules; a malformed line is an error naming its line number. */
    public static TagRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('：');
            if (colon <= 0) {
                throw new IllegalArgumentException("标签规则第 " + (i + 1) + " 行：应为“标签: 条件 AND 条件”");
            }
            List<Condition> conditions = new ArrayList<>();
            for (String part : line.substring(colon + 1).split("\\s+AND\\s+")) {
                Matcher m = CONDITION.matcher(part);
                if (!m.matches()) {
                    throw new IllegalArgumentException("标签规则第 " + (i + 1) + " 行：无法解析条件“" + part.strip() + "”");
                }
                checkField(m.group(1), i + 1);
                conditions.add(new Condition(m.group(1), m.group(2), m.group(3)));
            }
            rules.add(new Rule(line.substring(0, colon).strip(), conditions));
        }
        return new TagRules(rules);
    }

    private static void checkField(String f, int line) {
        boolean ok = List.of("controller.kind", "controller.votes", "controller.since_days", "ownership.missing",
                "listed", "incomplete", "guarantee_circle", "chain").contains(f)
                || f.startsWith("attr.") || f.matches("events\\.[^.]+\\.\\d+");
        if (!ok) {
            throw new IllegalArgumentException("标签规则第 " + line + " 行：未知字段“" + f + "”");
        }
    }

    /** The tags whose every condition holds for the company. */
    public List<String> apply(KnowledgeGraph graph, String company) {
        Graph g = (Graph) graph;
        return g.read(() -> {
            RuleFacts facts = new RuleFacts(g, g.company(company));
            List<String> tags = new ArrayList<>();
            for (Rule r : rules) {
                if (r.conditions().stream().allMatch(facts::holds)) {
                    tags.add(r.tag());
                }
            }
            return tags;
        });
    }

    /**
     * How long a tag scan may run while the rest of a saved index is still read in the background (it decodes what it
     * touches meanwhile); past it the scan gives up with {@link GraphLoadingException} rather than wait for the whole.
     */
    volatile long partialScanNanos = 2_000_000_000L;

    /**
     * Companies of the whole view carrying a tag, in node order (a scan: for batch tagging, not for interactive search).
     * While the rest of a saved index is being read, the scan runs on what queries can already decode, within
     * {@link #partialScanNanos}: reaching the limit or the last node gives the same answer as a whole index would
     * (the first {@code limit} in node order); otherwise {@link GraphLoadingException} says how far the read is and
     * when to ask again (from the background reader's pace) — never a wait for the whole snapshot.
     */
    public List<Party> search(KnowledgeGraph graph, String tag, int limit) {
        Graph g = (Graph) graph;
        Rule rule = rules.stream().filter(r -> r.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new InvalidQueryException("tag", "没有这个标签规则：" + tag));
        boolean partial = g.readiness().state() == Readiness.State.SERVING_PARTIAL;
        long start = System.nanoTime();
        List<Party> found = g.read(() -> {
            List<Party> out = new ArrayList<>();
            for (int n = 0; n < g.index.size() && out.size() < limit; n++) {
                if (partial && (n & 63) == 0 && System.nanoTime() - start > partialScanNanos) {
                    return null;
                }
                if (g.index.kind(n) == EntityKind.COMPANY) {
                    RuleFacts facts = new RuleFacts(g, n);
                    if (rule.conditions().stream().allMatch(facts::holds)) {
                        out.add(g.queries().party(n));
                    }
                }
            }
            return out;
        });
        if (found == null) {
            Readiness now = g.readiness();
            throw new GraphLoadingException(now, retryAfter(now, System.nanoTime() - g.readStarted()));
        }
        return found;
    }

    /**
     * Seconds until the background read is likely done, from its pace since it began {@code nanos} ago: 1–30 (a client
     * asking again then gets a fresher estimate or the answer); 10 while nothing is read yet.
     */
    static int retryAfter(Readiness now, long nanos) {
        if (now.state() != Readiness.State.SERVING_PARTIAL) {
            return 1;
        }
        if (now.done() <= 0 || nanos <= 0) {
            return 10;
        }
        double seconds = (now.total() - now.done()) * (nanos / 1e9) / now.done();
        return (int) Math.max(1, Math.min(30, Math.ceil(seconds)));
    }
}
