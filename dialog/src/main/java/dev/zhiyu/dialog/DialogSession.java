package dev.zhiyu.dialog;

/**
 * One conversation. Calls come from one channel thread at a time; each returns what the bot says and does next.
 * A session keeps the models it started with until it ends, even if newer ones go live meanwhile.
 */
public interface DialogSession extends AutoCloseable {

    String id();

    /** The opening turn (greeting, identity check). */
    BotTurn start();

    /** The callee said something (ASR N-best) or pressed keys. */
    BotTurn hear(UserInput input);

    /** Nothing was heard before the channel's no-input timeout. */
    BotTurn silence();

    /** The channel ended the conversation (hang-up, transfer done, timeout); returns the dialog's outcome. */
    Outcome end(EndReason reason);

    @Override
    default void close() {
        end(EndReason.CHANNEL_CLOSED);
    }

    enum EndReason { USER_HUNG_UP, BOT_HUNG_UP, TRANSFERRED, MAX_DURATION, CHANNEL_CLOSED }
}
