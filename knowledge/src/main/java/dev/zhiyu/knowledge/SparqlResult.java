package dev.zhiyu.knowledge;

import java.util.List;
import java.util.Map;

/** SELECT rows (variable → lexical value) or an ASK answer; {@code truncated} when the row limit cut the result. */
public record SparqlResult(List<String> variables, List<Map<String, String>> rows, Boolean ask, boolean truncated) {
    public SparqlResult {
        variables = List.copyOf(variables);
        rows = List.copyOf(rows);
    }
}
