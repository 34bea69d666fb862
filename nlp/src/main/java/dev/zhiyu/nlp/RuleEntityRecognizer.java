package dev.zhiyu.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular-expression entities: mobile and landline numbers, ID-card numbers (checksum-validated), dates and times
 * (absolute and relative, resolved against a clock), money, percentages, A-share stock codes and names.
 * Matching runs on length-preserving normalised text, so traditional and full-width input work and offsets stay
 * valid for the original. Overlaps are resolved longest-first, then by type priority.
 */
public final class RuleEntityRecognizer implements EntityRecognizer {
    private static final String CN = "[零〇一二两三四五六七八九十百千万亿]";
    private static final String NUM = "(?:\\d+(?:\\.\\d+)?|" + CN + "+(?:点[零〇一二三四五六七八九]+)?)";

    private static final Pattern ID_CARD = Pattern.compile("(?<![0-9])[1-9][0-9]{16}[0-9x](?![0-9a-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])");
    private static final Pattern LANDLINE = Pattern.compile(
            "(?<![0-9])(?:\\(?0[1-9][0-9]{1,2}\\)?[- ]?[2-9][0-9]{6,7}|[48]00[- ]?[0-9]{3}[- ]?[0-9]{4}|95[0-9]{3,4})(?![0-9])");
    private static final Pattern MONEY = Pattern.compile(
            "(?<![0-9.])(" + NUM + ")(万|千|百|亿)?(元|块钱|块|rmb|人民币)([零一二两三四五六七八九])?(?:毛|角)?"
                    + "|(?<![0-9.])(\\d+(?:\\.\\d+)?)(万|亿)(?![股个人只天年月日号点分秒岁次遍位家条手%倍])"
                    + "|(?<![零〇一二两三四五六七八九十百千万亿])([一二两三四五六七八九][千万](?:[零一二两三四五六七八九十百千万]*))"
                    + "(?![股个人只天年月日号点分秒岁次遍位家条手倍])");
    private static final Pattern PERCENT = Pattern.compile("(?<![0-9.])(\\d+(?:\\.\\d+)?)%|百分之(" + NUM + ")");
    private static final Pattern STOCK_CODE = Pattern.compile(
            "(?<![0-9.a-z])(?:(sh|sz|bj) ?)?(60[0135][0-9]{3}|68[89][0-9]{3}|00[0-3][0-9]{3}|30[01][0-9]{3})(?:\\.(sh|sz))?(?![0-9.]|元|块)");

    private static final List<String> PRIORITY = List.of(
            Entity.ID_CARD, Entity.MOBILE, Entity.LANDLINE, Entity.DATE_TIME, Entity.PERCENT, Entity.MONEY, Entity.STOCK);

    private final Clock clock;
    private final Map<String, String> stockNames;
    private final Pattern stockName;

    public RuleEntityRecognizer() { this(Clock.systemDefaultZone()); }

    /** {@code clock} anchors relative dates (明天, 下周一, 月底). */
    public RuleEntityRecognizer(Clock clock) {
        this.clock = clock;
        this.stockNames = loadStocks();
        this.stockName = Pattern.compile(String.join("|", stockNames.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList()));
    }

    @Override
    public List<Entity> recognize(String text, List<Token> tokens) {
        return recognize(text);
    }

    public List<Entity> recognize(String text) {
        if (text == null) throw new IllegalArgumentException("文本不能为 null");
        String s = Normalization.Step.CHAR_TABLE.apply(text);
        List<Entity> all = new ArrayList<>();
        find(ID_CARD, s, m -> validIdCard(m.group()) ? m.group().toUpperCase() : null, Entity.ID_CARD, text, all);
        find(MOBILE, s, m -> {
            String d = m.group().replaceAll("[^0-9]", "");
            return d.length() == 13 ? d.substring(2) : d;
        }, Entity.MOBILE, text, all);
        find(LANDLINE, s, m -> m.group().replaceAll("[^0-9]", ""), Entity.LANDLINE, text, all);
        LocalDateTime now = LocalDateTime.now(clock);
        find(DateTimes.PATTERN, s, m -> DateTimes.resolve(m, now), Entity.DATE_TIME, text, all);
        find(MONEY, s, RuleEntityRecognizer::money, Entity.MONEY, text, all);
        find(PERCENT, s, m -> {
            BigDecimal v = ChineseNumbers.parse(m.group(1) != null ? m.group(1) : m.group(2));
            return v == null ? null : v.movePointLeft(2).stripTrailingZeros().toPlainString();
        }, Entity.PERCENT, text, all);
        find(STOCK_CODE, s, m -> m.group(2), Entity.STOCK, text, all);
        find(stockName, s, m -> stockNames.get(m.group()), Entity.STOCK, text, all);
        return resolveOverlaps(all);
    }

    private interface Value { String of(Matcher m); }

    private static void find(Pattern p, String s, Value value, String type, String original, List<Entity> out) {
        Matcher m = p.matcher(s);
        while (m.find()) {
            if (m.end() == m.start()) continue;
            String v = value.of(m);
            if (v != null) out.add(new Entity(type, original.substring(m.start(), m.end()), m.start(), m.end(), v, "rule"));
        }
    }

    static List<Entity> resolveOverlaps(List<Entity> all) {
        List<Entity> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt((Entity e) -> e.start() - e.end())
                .thenComparingInt(e -> PRIORITY.contains(e.type()) ? PRIORITY.indexOf(e.type()) : PRIORITY.size())
                .thenComparingInt(Entity::start));
        List<Entity> kept = new ArrayList<>();
        for (Entity e : sorted) {
            if (kept.stream().noneMatch(e::overlaps)) kept.add(e);
        }
        kept.sort(Comparator.comparingInt(Entity::start));
        return kept;
    }

    private static String money(Matcher m) {
        BigDecimal v;
        if (m.group(1) != null) {
            v = ChineseNumbers.parse(m.group(1));
            if (v == null) return null;
            if (m.group(2) != null) v = v.multiply(unit(m.group(2)));
            if (m.group(4) != null) v = v.add(BigDecimal.valueOf(ChineseNumbers.digit(m.group(4).charAt(0))).movePointLeft(1));
        } else if (m.group(5) != null) {
            v = ChineseNumbers.parse(m.group(5));
            if (v == null) return null;
            v = v.multiply(unit(m.group(6)));
        } else {
            v = ChineseNumbers.parse(m.group(7));
            if (v == null) return null;
        }
        return v.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal unit(String u) {
        return switch (u) {
            case "万" -> BigDecimal.valueOf(10_000);
            case "千" -> BigDecimal.valueOf(1_000);
            case "百" -> BigDecimal.valueOf(100);
            case "亿" -> BigDecimal.valueOf(100_000_000);
            default -> BigDecimal.ONE;
        };
    }

    /** GB 11643: weighted mod-11 checksum plus a plausible birth date. */
    static boolean validIdCard(String id) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        String check = "10X98765432";
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id.charAt(i) - '0') * w[i];
        if (Character.toUpperCase(id.charAt(17)) != check.charAt(sum % 11)) return false;
        int year = Integer.parseInt(id.substring(6, 10));
        int month = Integer.parseInt(id.substring(10, 12));
        int day = Integer.parseInt(id.substring(12, 14));
        return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static Map<String, String> loadStocks() {
        Map<String, String> names = new LinkedHashMap<>();
        try (var r = new BufferedReader(new InputStreamReader(
                RuleEntityRecognizer.class.getResourceAsStream("a-share-stocks.tsv"), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] p = l.split("\t");
                names.put(Normalization.Step.CHAR_TABLE.apply(p[1]), p[0]);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
