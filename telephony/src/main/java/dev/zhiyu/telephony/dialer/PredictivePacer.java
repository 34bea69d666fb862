package dev.zhiyu.telephony.dialer;

import java.time.Duration;
import java.time.Instant;

/**
 * Predictive pacing for tasks whose answered calls go to human agents: dials more lines than there are free
 * agents, because most calls are not answered, while keeping the abandon rate (answered calls that found no free
 * agent) under a cap over a rolling window.
 *
 * <p>Each decision picks the largest number of lines {@code n} (already dialling + new) whose expected abandons
 * ({@link OverflowModel}: answers {@code Binomial(n, p)} against the free agents plus the busy ones finishing
 * within the mean time to answer) stay within a share of the expected answers. The answer probability and the time
 * to answer are learnt online ({@link AnswerEstimate}); the share is steered by a PI-style controller on the
 * measured abandons ({@link AbandonController}, aiming at 60% of the cap); and the rolling window is a hard ceiling
 * ({@link AbandonWindow}): the calls ringing may never be expected to cause more than a third of the abandons the
 * window can still take less one (now, and in half a window should the pacer fall back to progressive dialling),
 * so when it is at the cap the pacer dials like progressive (no over-dialling at all).
 * The first {@value #WARM_UP_ATTEMPTS} attempts are dialled progressively, to learn the answer rate.
 * Thread-safe; cheap (O(n²) with n lines, a few thousand operations).
 */
public final class PredictivePacer {

    /**
     * @param abandonCap       the abandon rate never to exceed over {@code window} (default 3%)
     * @param window           rolling window of the abandon rate
     * @param priorAnswerRate  answer rate assumed before calls have been seen
     * @param meanHandle       agents' mean handle time
     * @param meanTimeToAnswer mean time from originate to answer assumed before answers have been seen
     */
    public record Settings(double abandonCap, Duration window, double priorAnswerRate, Duration meanHandle,
                           Duration meanTimeToAnswer) {
        public Settings {
            if (abandonCap <= 0 || abandonCap >= 1 || priorAnswerRate <= 0 || priorAnswerRate > 1) {
                throw new IllegalArgumentException("放弃率上限须在 0 到 1 之间，接通率先验须在 0 到 1 之间");
            }
        }

        public static Settings defaults() {
            return new Settings(0.03, Duration.ofMinutes(30), 0.3, Duration.ofSeconds(120), Duration.ofSeconds(12));
        }
    }

    /** What the dialer sees now: agents free, agents on a call, calls originated but not yet answered or failed. */
    public record Snapshot(int freeAgents, int busyAgents, int dialling) {
    }

    private static final int WARM_UP_ATTEMPTS = 50;

    private final Settings settings;
    private final AnswerEstimate answers;
    private final AbandonWindow window;
    private final AbandonController controller;
    private long attemptsSeen;
    private double sureAnswersPerMilli;

    public PredictivePacer(Settings settings) {
        this.settings = settings;
        this.answers = new AnswerEstimate(settings.priorAnswerRate(), settings.meanTimeToAnswer());
        this.window = new AbandonWindow(settings.window());
        this.controller = new AbandonController(settings.abandonCap());
    }

    public Settings settings() {
        return settings;
    }

    /** An attempt's originate came back: answered or not. */
    public synchronized void attemptEnded(boolean answered) {
        attemptEnded(answered, null);
    }

    /** An attempt's originate came back after {@code ringTime} (originate to answer or failure; null if unknown). */
    public synchronized void attemptEnded(boolean answered, Duration ringTime) {
        attemptsSeen++;
        answers.attemptEnded(answered, ringTime);
    }

    /** An answered call was connected to an agent, or abandoned because none was free. */
    public synchronized void answered(Instant at, boolean abandoned) {
        long t = at.toEpochMilli();
        boolean atCap = headroom(t) < 1;
        window.answered(t, abandoned);
        controller.answered(abandoned, atCap);
    }

    public synchronized double answerRate() {
        return answers.answerRate();
    }

    /** Abandoned / answered over the rolling window ending at {@code now}; 0 with no answers. */
    public synchronized double abandonRate(Instant now) {
        window.trim(now.toEpochMilli());
        return window.rate();
    }

    /** How many new calls to originate now, never taking the lines above {@code maxLines}. */
    public synchronized int callsToPlace(Snapshot s, Instant now, int maxLines) {
        long t = now.toEpochMilli();
        int room = Math.max(0, maxLines - s.dialling());
        if (attemptsSeen < WARM_UP_ATTEMPTS) {
            return Math.min(progressive(s), room); // learn the answer rate first
        }
        double q = OverflowModel.freeUpProbability(answers.meanTimeToAnswerMillis(), settings.meanHandle().toMillis());
        OverflowModel model = new OverflowModel(answers.answerRate(), s.freeAgents(), s.busyAgents(), q);
        // hard ceiling: what is ringing may cost at most a third of the abandons the window can still take, less one
        sureAnswersPerMilli = progressiveAnswersPerMilli(s.freeAgents() + s.busyAgents());
        // a third: realized abandons scatter around the expectation, and a burst must still fit
        double spare = Math.max(0, headroom(t) - 1) / 3;
        int lines = model.maxLines(s.dialling(), maxLines, controller.ratio(window.rate()), spare);
        return Math.min(room, Math.max(0, lines - s.dialling()));
    }

    private double headroom(long now) {
        return window.headroom(now, settings.abandonCap(), settings.window().toMillis() / 2, sureAnswersPerMilli);
    }

    /** Answers per ms that progressive dialling gets: each agent cycles through a call and 1/p attempts for the next. */
    private double progressiveAnswersPerMilli(int agents) {
        return agents / (settings.meanHandle().toMillis() + answers.meanAttemptMillis() / answers.answerRate());
    }

    /** Progressive pacing, for comparison and for tasks without agents: one line per free agent, never more. */
    public static int progressive(Snapshot s) {
        return Math.max(0, s.freeAgents() - s.dialling());
    }
}
