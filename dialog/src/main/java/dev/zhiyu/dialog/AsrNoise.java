package dev.zhiyu.dialog;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model of ASR errors for the simulator: substitutions by characters that sound alike (same pinyin up to the
 * usual southern-accent confusions zh/z, ch/c, sh/s, n/l, -ng/-n), deletions and inserted fillers, at a set
 * character error rate; and N-best lists whose scores track accuracy only loosely, like a real recogniser's.
 */
public final class AsrNoise {
    private static final String FILLERS = "嗯啊呃那个就";
    private final Map<String, List<Character>> bySound = new HashMap<>();
    private final Map<Character, String> soundOf = new HashMap<>();

    /** @param inventory the characters that may appear in substitutions */
    public AsrNoise(String inventory) {
        Set<Character> chars = new TreeSet<>();
        inventory.chars().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                .forEach(c -> chars.add((char) c));
        for (char c : chars) {
            List<Pinyin> py = HanLP.convertToPinyinList(String.valueOf(c));
            if (py.isEmpty() || py.get(0) == Pinyin.none5) {
                continue;
            }
            String sound = fuzzy(py.get(0).getPinyinWithoutTone());
            soundOf.put(c, sound);
            bySound.computeIfAbsent(sound, s -> new ArrayList<>()).add(c);
        }
    }

    static String fuzzy(String pinyin) {
        String p = pinyin.replaceFirst("^zh", "z").replaceFirst("^ch", "c").replaceFirst("^sh", "s")
                .replaceFirst("^n", "l");
        return p.replaceFirst("ng$", "n");
    }

    /** One corrupted copy of {@code text}; about {@code cer} of its characters are edited. */
    public String corrupt(String text, double cer, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (random.nextDouble() >= cer) {
                out.append(c);
                continue;
            }
            double kind = random.nextDouble();
            if (kind < 0.7) {
                out.append(soundAlike(c, random));
            } else if (kind < 0.85) {
                out.append(c).append(FILLERS.charAt(random.nextInt(FILLERS.length())));
            }
            // else: deleted
        }
        return out.toString();
    }

    private char soundAlike(char c, Random random) {
        List<Character> group = bySound.getOrDefault(soundOf.get(c), List.of());
        if (group.size() < 2) {
            return c;
        }
        char pick;
        do {
            pick = group.get(random.nextInt(group.size()));
        } while (pick == c);
        return pick;
    }

    /**
     * {@code n} independent recognitions, best-scored first. Scores are on an arbitrary 0–100 scale, noisy enough
     * that the top hypothesis is often not the most accurate one.
     */
    public List<UserInput.Hypothesis> nbest(String text, double cer, int n, Random random) {
        List<UserInput.Hypothesis> hyps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String h = corrupt(text, cer, random);
            double accuracy = 1.0 - (double) editDistance(text, h) / Math.max(1, text.length());
            hyps.add(new UserInput.Hypothesis(h, 100 * accuracy + random.nextGaussian() * 12));
        }
        hyps.sort(Comparator.comparingDouble(UserInput.Hypothesis::confidence).reversed());
        return hyps;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
