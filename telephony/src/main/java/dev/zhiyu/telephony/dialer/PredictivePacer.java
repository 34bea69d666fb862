package dev.zhiyu.telephony.dialer;

import java.time.Duration;
import java.time.Instant;

/**
 * Predictive pacing for tasks whose answered calls go to human agents: dials more lines than there are free
 * agents, because most calls are not answered, while keeping the abandon rate (answered calls that found no free
 * agent) under a cap over a rolling window.
 *
 * <p>Each decision picks the largest number of lines {@code n} (already dialling + new) that passes two tests of
 * the {@link OverflowModel} (answers {@code Binomial(n, p)} against the free agents plus the busy ones finishing
 * within the mean time to answer): the expected abandons stay within a share of the expected answers, steered by a
 * PI-style controller on the measured abandons ({@link AbandonController}, aiming at 60% of the cap), for
 * efficiency; and the abandons exceed what the rolling window can still take ({@link AbandonWindow#budget}: the
 * least room of any window ending in the next window's length, counting only the answers progressive dialling would
 * surely bring) with probability at most {@value #RISK}, for the cap. With no abandon to spare the pacer dials
 * progressively (one line per free agent, no abandon possible), so a team too small to absorb a burst falls back to
 * progressive by itself. The answer probability (a cautious one for the model), the time to answer and the agents'
 * handle time ({@link HandleEstimate}) are learnt online.
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
    /**
     * What the dialer sees now; {@code leadsLeft} = leads of the task not done yet ({@link Integer#MAX_VALUE} when not
     * counted): near the end of the list fewer answers are sure to come, so fewer abandons fit under the cap.
     */
    public record Snapshot(int freeAgents, int busyAgents, int dialling, int leadsLeft) {
        public Snapshot(int freeAgents, int busyAgents, int dialling) {
            this(freeAgents, busyAgents, dialling, Integer.MAX_VALUE);
        }
    }

    private static final int WARM_UP_ATTEMPTS = 50;
    /** Chance a decision may take that the calls ringing cause more abandons than the window can still take. */
    static final double RISK = 0.0002;

    private final Settings settings;
    private final AnswerEstimate answers;
    private final AbandonWindow window;
    private final AbandonController controller;
    private final HandleEstimate handle;
    private long attemptsSeen;
    private double sureAnswersPerMilli;
    private double sureAnswersMax = Double.POSITIVE_INFINITY;

    public PredictivePacer(Settings settings) {
        this.settings = settings;
        this.answers = new AnswerEstimate(settings.priorAnswerRate(), settings.meanTimeToAnswer());
        this.window = new AbandonWindow(settings.window());
        this.controller = new AbandonController(settings.abandonCap());
        this.handle = new HandleEstimate(settings.meanHandle().toMillis(), settings.window().toMillis());
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
        boolean atCap = budget(t) < 1;
        window.answered(t, abandoned);
        controller.answered(abandoned, atCap);
        if (!abandoned) {
            handle.connected(t);
        }
    }

    public synchronized double answerRate() {
        return answers.answerRate();
    }

    /** Agents' mean handle time as learnt from the snapshots and connects (the settings' until enough are seen). */
    public synchronized Duration meanHandle() {
        return Duration.ofMillis(Math.round(handle.meanMillis()));
    }

    /** Abandoned / answered over the rolling window ending at {@code now}; 0 with no answers. */
    public synchronized double abandonRate(Instant now) {
        window.trim(now.toEpochMilli());
        return window.rate();
    }

    /** How many new calls to originate now, never taking the lines above {@code maxLines}. */
    public synchronized int callsToPlace(Snapshot s, Instant now, int maxLines) {
        long t = now.toEpochMilli();
        handle.busy(t, s.busyAgents());
        int room = Math.max(0, maxLines - s.dialling());
        sureAnswersPerMilli = progressiveAnswersPerMilli(s.freeAgents() + s.busyAgents());
        sureAnswersMax = s.leadsLeft() == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY
                : s.leadsLeft() * answers.steadyRate();
        int budget = (int) Math.floor(budget(t));
        if (attemptsSeen < WARM_UP_ATTEMPTS || budget < 1) {
            return Math.min(progressive(s), room); // learn the answer rate first; no abandon to spare: none risked
        }
        double q = OverflowModel.freeUpProbability(answers.meanTimeToAnswerMillis(), handle.meanMillis());
        OverflowModel model = new OverflowModel(answers.cautiousRate(), s.freeAgents(), s.busyAgents(), q);
        int lines = model.maxLines(s.dialling(), maxLines, controller.ratio(window.rate()), budget, RISK);
        return Math.min(room, Math.max(0, lines - s.dialling()));
    }

    private double budget(long now) {
        return window.budget(now, settings.abandonCap(), sureAnswersPerMilli, sureAnswersMax);
    }

    /** Answers per ms that progressive dialling gets: each agent cycles through a call and 1/p attempts for the next. */
    private double progressiveAnswersPerMilli(int agents) {
        return agents / (handle.meanMillis() + answers.meanAttemptMillis() / answers.steadyRate());
    }

    /** Progressive pacing, for comparison and for tasks without agents: one line per free agent, never more. */
    public static int progressive(Snapshot s) {
        return Math.max(0, s.freeAgents() - s.dialling());
    }
}
