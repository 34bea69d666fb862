package dev.zhiyu.dialog.crosswoz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule dialog state tracking for CrossWOZ from user dialog acts. Each turn starts from the constraints the system
 * itself last queried (a deployed system knows how it relaxed a query that found nothing) and applies the user's
 * acts after the dataset's annotation conventions: Inform sets a constraint; binary facilities
 * ({@code 酒店设施-早餐服务 = 是}) join into {@code 酒店设施}; several values of one slot in a turn are joined in the
 * order they are mentioned; Select ({@code 源领域 = X}) makes the name given for domain X the {@code 周边X}
 * constraint of the selecting domain instead of X's own name.
 */
public final class CrossWozRuleDst {
    private CrossWozRuleDst() {
    }

    /** An all-empty state with the same domains and slots as {@code shape}. */
    public static Map<String, Map<String, String>> empty(Map<String, Map<String, String>> shape) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        shape.forEach((d, slots) -> {
            Map<String, String> copy = new LinkedHashMap<>();
            slots.keySet().forEach(s -> copy.put(s, ""));
            out.put(d, copy);
        });
        return out;
    }

    public static Map<String, Map<String, String>> track(Map<String, Map<String, String>> base, String utterance,
                                                          List<DialogAct> acts) {
        Map<String, Map<String, String>> state = new LinkedHashMap<>();
        base.forEach((d, s) -> state.put(d, new LinkedHashMap<>(s)));
        Map<String, String> selectedFrom = new LinkedHashMap<>();
        acts.stream().filter(a -> a.intent().equals("Select")).forEach(a -> selectedFrom.put(a.value(), a.domain()));
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (DialogAct a : acts) {
            if (!a.intent().equals("Inform") || !state.containsKey(a.domain())) {
                continue;
            }
            if (a.slot().equals("名称") && selectedFrom.containsKey(a.domain())) {
                put(state, values, selectedFrom.get(a.domain()), "周边" + a.domain(), a.value());
            } else if (a.slot().indexOf('-') > 0) {
                if (a.value().equals("是")) {
                    int dash = a.slot().indexOf('-');
                    put(state, values, a.domain(), a.slot().substring(0, dash), a.slot().substring(dash + 1));
                }
            } else {
                put(state, values, a.domain(), a.slot(), a.value());
            }
        }
        values.forEach((key, vs) -> {
            String[] ds = key.split("\u0000");
            vs.sort((x, y) -> Integer.compare(position(utterance, x), position(utterance, y)));
            state.get(ds[0]).put(ds[1], String.join(" ", vs));
        });
        return state;
    }

    private static void put(Map<String, Map<String, String>> state, Map<String, List<String>> values, String domain,
                            String slot, String value) {
        if (state.containsKey(domain) && state.get(domain).containsKey(slot)) {
            values.computeIfAbsent(domain + "\u0000" + slot, k -> new ArrayList<>()).add(value);
        }
    }

    private static int position(String utterance, String value) {
        int i = utterance.indexOf(value);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
