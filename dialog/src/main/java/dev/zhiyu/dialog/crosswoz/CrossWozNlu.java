package dev.zhiyu.dialog.crosswoz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CrossWOZ user-turn NLU trained on CrossWOZ data: act labels without free values (General, Request, Select, binary
 * facilities) from a multi-label classifier; Inform values by longest match against the values seen in training,
 * each given the (domain, slot) it was most often informed as, preferring domains the classifier found in the turn.
 */
public final class CrossWozNlu {
    private static final Set<String> NON_VALUES = Set.of("", "none", "是", "否");

    private final MultiLabelClassifier labels;
    private final Map<String, Map<String, Integer>> lexicon;
    private final int longest;

    private CrossWozNlu(MultiLabelClassifier labels, Map<String, Map<String, Integer>> lexicon) {
        this.labels = labels;
        this.lexicon = lexicon;
        this.longest = lexicon.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    public static CrossWozNlu train(List<CrossWozDialog> dialogs) {
        List<String> texts = new ArrayList<>();
        List<Set<String>> targets = new ArrayList<>();
        Map<String, Map<String, Integer>> lexicon = new HashMap<>();
        for (CrossWozDialog d : dialogs) {
            for (CrossWozDialog.UserTurn t : d.turns()) {
                texts.add(t.text());
                Set<String> target = new HashSet<>();
                for (DialogAct a : t.acts()) {
                    if (isValueAct(a)) {
                        if (a.value().length() >= 2 && t.text().contains(a.value())) {
                            lexicon.computeIfAbsent(a.value(), v -> new HashMap<>())
                                    .merge(a.domain() + "\u0000" + a.slot(), 1, Integer::sum);
                        }
                    } else {
                        target.add(label(a));
                    }
                }
                targets.add(target);
            }
        }
        return new CrossWozNlu(MultiLabelClassifier.train(texts, targets, 6, 17), lexicon);
    }

    static boolean isValueAct(DialogAct a) {
        return a.intent().equals("Inform") && !NON_VALUES.contains(a.value());
    }

    static String label(DialogAct a) {
        return a.intent() + "\u0000" + a.domain() + "\u0000" + a.slot() + "\u0000" + a.value();
    }

    public List<DialogAct> parse(String text) {
        List<DialogAct> acts = new ArrayList<>();
        Set<String> domains = new HashSet<>();
        for (String l : labels.predict(text)) {
            String[] p = l.split("\u0000", -1);
            acts.add(new DialogAct(p[0], p[1], p[2], p[3]));
            domains.add(p[1]);
        }
        for (int i = 0; i < text.length(); ) {
            String match = null;
            for (int len = Math.min(longest, text.length() - i); len >= 2; len--) {
                if (lexicon.containsKey(text.substring(i, i + len))) {
                    match = text.substring(i, i + len);
                    break;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            String[] ds = bestSlot(lexicon.get(match), domains).split("\u0000");
            acts.add(new DialogAct("Inform", ds[0], ds[1], match));
            i += match.length();
        }
        return acts;
    }

    private static String bestSlot(Map<String, Integer> counts, Set<String> domains) {
        return counts.entrySet().stream()
                .max((a, b) -> {
                    int byDomain = Boolean.compare(domains.contains(a.getKey().split("\u0000")[0]),
                            domains.contains(b.getKey().split("\u0000")[0]));
                    return byDomain != 0 ? byDomain : Integer.compare(a.getValue(), b.getValue());
                })
                .orElseThrow().getKey();
    }
}
