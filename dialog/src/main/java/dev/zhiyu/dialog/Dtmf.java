package dev.zhiyu.dialog;

import java.util.List;
import java.util.Map;

/** Keypad answers: 1 yes, 2 no, 0 a human agent. */
final class Dtmf {
    private Dtmf() {
    }

    static Understanding understand(String digits) {
        String intent = switch (digits.charAt(0)) {
            case '1' -> "affirm";
            case '2' -> "deny";
            case '0' -> "request_human";
            default -> "other";
        };
        return new Understanding(Map.of(intent, 1.0), Map.of(), Map.of(), List.of(), intent.equals("deny"));
    }
}
