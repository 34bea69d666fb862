package dev.zhiyu.server.dialog;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.Outcome;
import java.util.List;

/** JSON shapes of the text channel. */
public final class DialogViews {
    private DialogViews() {
    }

    public record Action(String type, String target) {
    }

    public record Reply(String sessionId, String text, boolean ended, List<Action> actions) {
        static Reply of(String sessionId, BotTurn t) {
            return new Reply(sessionId, t.text(), t.ends() || t.actions().stream().anyMatch(a -> a instanceof BotAction.HangUp),
                    t.actions().stream().map(DialogViews::action).toList());
        }
    }

    public record Ended(String sessionId, String outcome, java.util.Map<String, String> slots, int turns) {
        static Ended of(String sessionId, Outcome o) {
            return new Ended(sessionId, o.label(), o.slots(), o.turns());
        }
    }

    static Action action(BotAction a) {
        return switch (a) {
            case BotAction.Transfer t -> new Action("transfer", t.target());
            case BotAction.HangUp h -> new Action("hangup", null);
            case BotAction.SendSms s -> new Action("send_sms", s.template());
            case BotAction.OptOut o -> new Action("opt_out", null);
        };
    }

    static String describe(BotAction a) {
        Action v = action(a);
        return v.target() == null ? v.type() : v.type() + ":" + v.target();
    }
}
