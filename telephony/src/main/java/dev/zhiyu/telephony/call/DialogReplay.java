package dev.zhiyu.telephony.call;

import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.telephony.TranscriptLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call re-attached mid-dialog continues where it was: the customer's turns of its running transcript are fed to a
 * fresh session without speaking, and the bot's answer to the last one is the prompt to play next.
 */
final class DialogReplay {

    /** A caller line as {@link DialogBridge} writes it: text, text with keys, or keys alone. */
    private static final Pattern KEYS = Pattern.compile("^(.*?) ?\\[按键 ([^\\]]*)]$");

    /**
     * @param next     what the bot says next
     * @param kept     the earlier lines the call's record keeps (a bot line whose answer was lost is said again by
     *                 {@code next}, so it is not kept)
     * @param replayed how many customer turns were fed
     */
    record Resumed(BotTurn next, List<String> kept, int replayed) {
    }

    private DialogReplay() {
    }

    /** Empty when the earlier transcript has no customer turn (the call was still at its opening). */
    static Optional<Resumed> resume(DialogSession session, BotTurn opening, List<String> earlier) {
        int lastCaller = -1;
        for (int i = 0; i < earlier.size(); i++) {
            if (speaker(earlier.get(i)) == TranscriptLine.Speaker.CALLER) {
                lastCaller = i;
            }
        }
        if (lastCaller < 0) {
            return Optional.empty();
        }
        BotTurn turn = opening;
        int replayed = 0;
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            String line = earlier.get(i);
            TranscriptLine.Speaker who = speaker(line);
            if (i > lastCaller && who == TranscriptLine.Speaker.ROBOT) {
                continue;
            }
            kept.add(line);
            if (who == TranscriptLine.Speaker.CALLER && !turn.ends()) {
                turn = hear(session, TranscriptLine.parse(line).orElseThrow().text());
                replayed++;
            }
        }
        return Optional.of(new Resumed(turn, kept, replayed));
    }

    private static TranscriptLine.Speaker speaker(String line) {
        return TranscriptLine.parse(line).map(TranscriptLine::speaker).orElse(null);
    }

    private static BotTurn hear(DialogSession session, String said) {
        if (said.equals(DialogBridge.NO_INPUT)) {
            return session.silence();
        }
        Matcher m = KEYS.matcher(said);
        if (m.matches()) {
            List<UserInput.Hypothesis> nbest = m.group(1).isEmpty() ? List.of()
                    : List.of(new UserInput.Hypothesis(m.group(1), 1.0));
            return session.hear(new UserInput(nbest, m.group(2)));
        }
        return session.hear(UserInput.text(said));
    }
}
