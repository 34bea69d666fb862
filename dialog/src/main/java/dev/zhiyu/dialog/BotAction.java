package dev.zhiyu.dialog;

/** Something the channel must do for the dialog besides speaking. */
public sealed interface BotAction {

    /** Hand the call to a human agent; {@code target} is a configured extension or queue name. */
    record Transfer(String target) implements BotAction {
    }

    /** End the call after the prompt. */
    record HangUp() implements BotAction {
    }

    /** Send a text message (e.g. a link) to the callee; {@code template} names a tenant-configured SMS template. */
    record SendSms(String template) implements BotAction {
    }

    /** The callee asked not to be called again: the dialer must record an opt-out for this number. */
    record OptOut() implements BotAction {
    }
}
