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
    private String last = "";
    private int rotation;

    TemplateNlg(Scenario scenario) {
        this.scenario = scenario;
    }

    /** A variant of {@code key}, filled; never identical to the previous rendering. */
    String render(String key, Map<String, String> values) {
        List<String> variants = scenario.prompts().get(key);
        if (variants == null) {
            throw new IllegalStateException("场景 " + scenario.id() + " 缺少提示语 " + key);
        }
        String text = "";
        for (int attempt = 0; attempt < variants.size(); attempt++) {
            text = fill(variants.get((rotation + attempt) % variants.size()), values);
            if (!text.equals(last)) {
                break;
            }
        }
        rotation++;
        last = text;
        return text;
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
