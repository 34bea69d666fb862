package dev.zhiyu.telephony.tasks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words compliance looks for in a robot line. A phrase under a negation in its own clause ("本产品不保本",
 * "我不是机器人") says the opposite, so it is neither a promise nor a disclosure.
 */
final class Phrases {
    private static final Pattern PROMISE = Pattern.compile("保本|保息|稳赚|包赚|稳赢|只赚不赔|零风险|无风险|刚性兑付|刚兑|保底"
            + "|收益率?保证|保证(?:[^，。；,;！？]{0,8}?)(?:收益|回报|盈利|本金)|保(?:收益|盈利)|承诺(?:[^，。；,;！？]{0,8}?)(?:收益|回报|不亏)");
    private static final Pattern DISCLOSURE = Pattern.compile("(?:智能|虚拟|AI|人工智能|自动)\\s*(?:语音)?\\s*"
            + "(?:助理|助手|客服|机器人|坐席|外呼)|机器人|人工智能|(?<![A-Za-z])AI(?![A-Za-z])|不是真人|非真人");
    private static final Pattern NEGATION = Pattern.compile("(?:不|非|没有|无法|不能|不会|未|并非|绝非)[^，。；,;！？]{0,3}$");
    private static final Pattern CLAUSE_END = Pattern.compile("[，。；,;！？!?]");

    private Phrases() {
    }

    /** The first promised-return phrase said as a promise, if any. */
    static Optional<String> promise(String line) {
        return firstAffirmed(PROMISE, line);
    }

    /** True when the line says the speaker is an AI (and not that it is not one). */
    static boolean disclosesAi(String line) {
        Matcher m = DISCLOSURE.matcher(line);
        while (m.find()) {
            if (m.group().endsWith("真人") || !negated(line, m.start())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> firstAffirmed(Pattern p, String line) {
        Matcher m = p.matcher(line);
        while (m.find()) {
            if (!negated(line, m.start())) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** A negation in the same clause, at most a few characters before {@code at}. */
    private static boolean negated(String line, int at) {
        String before = line.substring(0, at);
        Matcher end = CLAUSE_END.matcher(before);
        int clause = 0;
        while (end.find()) {
            clause = end.end();
        }
        String tail = before.substring(Math.max(clause, before.length() - 5));
        return NEGATION.matcher(tail).find();
    }
}
