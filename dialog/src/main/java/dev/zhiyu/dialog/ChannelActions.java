package dev.zhiyu.dialog;

/** Scenario action strings ({@code sms:<template>}, {@code transfer:<target>}, {@code opt_out}) as channel actions. */
final class ChannelActions {
    private ChannelActions() {
    }

    static BotAction parse(String action) {
        if (action.startsWith("sms:")) {
            return new BotAction.SendSms(detail(action));
        }
        if (action.startsWith("transfer:")) {
            return new BotAction.Transfer(detail(action));
        }
        if (action.equals("opt_out")) {
            return new BotAction.OptOut();
        }
        throw new IllegalArgumentException("未知动作 " + action);
    }

    /** The outcome flag the action sets: sms, transfer or opt_out. */
    static String flag(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }

    static String detail(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? "true" : action.substring(colon + 1);
    }
}
