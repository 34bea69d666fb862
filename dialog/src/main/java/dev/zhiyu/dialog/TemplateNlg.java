package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders prompts from the scenario's templates: fills placeholders, rotates variants so the same prompt is never
 * said twice in a row, and writes digits the way TTS should read them.
 */
final class TemplateNlg {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");

    private final Scenario scenario;
    private final java.net.http.HttpClient http;
    private String last = "";
    private int rotation;

    TemplateNlg(Scenario scenario, java.net.http.HttpClient http) {
        this.scenario = scenario;
        this.http = http;
    }

    /** A variant of {@code key}, filled; never identical to the previous rendering. */
    String render(String key, Map<String, String> values) {
        List<String> variants = scenario.prompts().get(key);
        if (variants == null) {
            throw new IllegalStateException("场景 " + scenario.id() + " 缺少提示语 " + key);
        }
        String text = "";
        for (int attempt = 0; attempt < variants.size(); attempt++) {
            String template = variants.get((rotation + attempt) % variants.size());
            Map<String, String> filled = withFunctionResults(template, values);
            if (filled == null) {
                return render(fallbackFor(template), values);
            }
            text = fill(template, filled);
            if (!text.equals(last)) {
                break;
            }
        }
        rotation++;
        last = text;
        return text;
    }

    /** A built-in template (not a scenario prompt) filled with the session's values. */
    String fillText(String template, Map<String, String> values) {
        return fill(template, values);
    }

    /** The values plus every {fn_x} the template needs; null when a function failed. */
    private Map<String, String> withFunctionResults(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        Map<String, String> out = values;
        while (m.find()) {
            if (m.group(1).startsWith("fn_")) {
                Scenario.Function f = function(m.group(1).substring(3));
                java.util.Optional<String> r = FunctionCaller.call(http, f, values);
                if (r.isEmpty()) {
                    return null;
                }
                out = new java.util.HashMap<>(out);
                out.put(m.group(1), r.get());
            }
        }
        return out;
    }

    private String fallbackFor(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (m.group(1).startsWith("fn_")) {
                return function(m.group(1).substring(3)).fallback();
            }
        }
        throw new IllegalStateException("no function in " + template);
    }

    private Scenario.Function function(String id) {
        return scenario.functions().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                v = scenario.constants().getOrDefault(m.group(1), "");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(TtsText.speakable(m.group(1), v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
