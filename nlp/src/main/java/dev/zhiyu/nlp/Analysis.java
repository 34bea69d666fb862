package dev.zhiyu.nlp;

import java.util.List;
import java.util.stream.Collectors;

/** The result of {@link Analyzer#analyze}: tokens, entities (ID cards masked when printed) and N-best intents. */
public record Analysis(String text, List<Token> tokens, List<Entity> entities, List<IntentScore> intents) {
    /** The text with every ID-card number masked (same length, so token and entity offsets still apply). */
    public String maskedText() {
        char[] c = Masking.maskText(text).toCharArray();
        for (Entity e : entities) {
            if (Entity.ID_CARD.equals(e.type())) Masking.maskIdCard(e.text()).getChars(0, e.end() - e.start(), c, e.start());
        }
        return new String(c);
    }

    /** Compact and masked: the record's default would print raw ID-card numbers. */
    @Override
    public String toString() {
        String masked = maskedText();
        return "Analysis[" + masked + ", tokens=" + tokens.stream().map(t -> masked.substring(t.start(), t.end()) + "/" + t.pos()).toList()
                + ", entities=" + entities + ", intents=" + intents + "]";
    }

    /** A readable multi-line report, Chinese first. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        String masked = maskedText();
        sb.append("文本：").append(masked).append('\n');
        sb.append("分词/词性：").append(tokens.stream().map(t -> masked.substring(t.start(), t.end()) + "/" + t.pos())
                .collect(Collectors.joining(" "))).append('\n');
        sb.append("实体：");
        if (entities.isEmpty()) sb.append("（无）");
        for (Entity e : entities) {
            Entity m = e.masked();
            sb.append("\n  ").append(m.type()).append("  「").append(m.text()).append("」 → ").append(m.value())
                    .append("  [").append(m.start()).append(',').append(m.end()).append(")  来源 ").append(m.source());
        }
        sb.append("\n意图（N-best）：");
        if (intents.isEmpty()) sb.append("（未加载意图模型）");
        for (int i = 0; i < intents.size(); i++) {
            IntentScore s = intents.get(i);
            sb.append(String.format("%n  %d. %-20s %.3f  (%s)", i + 1, s.intent(), s.probability(), s.source()));
        }
        return sb.append('\n').toString();
    }
}
