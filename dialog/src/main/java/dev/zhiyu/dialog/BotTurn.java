package dev.zhiyu.dialog;

import java.util.List;

/**
 * What the bot does next: say {@code text} (may be empty), then carry out {@code actions} in order.
 *
 * @param bargeIn whether the callee may interrupt this prompt
 */
public record BotTurn(String text, boolean bargeIn, List<BotAction> actions) {
    public BotTurn {
        actions = List.copyOf(actions);
    }

    public boolean ends() {
        return actions.stream().anyMatch(a -> a instanceof BotAction.HangUp || a instanceof BotAction.Transfer);
    }
}
