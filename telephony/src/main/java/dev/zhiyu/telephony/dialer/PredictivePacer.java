package dev.zhiyu.telephony.dialer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Predictive pacing for tasks whose answered calls go to human agents: dials more lines than there are free
 * agents, because most calls are not answered, while keeping the abandon rate (answered calls that found no free
 * agent) under a cap over a rolling window.
 *
 * <p>Each decision picks the largest number of lines {@code n} (already dialling + new) for which the expected
 * overflow {@code E[max(0, A − S)]} is at most {@code budget × E[A]}, where {@code A ~ Binomial(n, p)} are the
 * calls that will answer (p estimated from recent attempts) and {@code S = free + Binomial(busy, q)} the agents
 * free by then ({@code q = 1 − exp(−timeToAnswer / handleTime)}). The budget starts below the cap and is steered
 * by the measured rolling abandon rate: cut hard when it nears the cap, raised slowly while it stays low, and
 * scaled by the headroom left in the window (none left at 60% of the cap: then it dials like progressive).
 * The first {@value #WARM_UP_ATTEMPTS} attempts are dialled progressively, to learn the answer rate.
 * Thread-safe; cheap (O(n²) with n lines, a few thousand operations).
 */
public final class PredictivePacer {

    /**
     * @param abandonCap       the abandon rate never to exceed over {@code window} (default 3%)
     * @param window           rolling window of the abandon rate
     * @param priorAnswerRate  answer rate assumed before calls have been seen
     * @param meanHandle       agents' mean handle time
     * @param meanTimeToAnswer mean time from originate to answer
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

    private static final int ANSWER_RATE_SAMPLE = 300;
    private static final int PRIOR_WEIGHT = 20;
    private static final int MIN_WINDOW_ANSWERS = 30;
    private static final int WARM_UP_ATTEMPTS = 100;
    private long attemptsSeen;

    private final Settings settings;
    private final Deque<Boolean> attempts = new ArrayDeque<>();
    private int answeredInSample;
    private final Deque<Long> answersAt = new ArrayDeque<>();
    private final Deque<Long> abandonsAt = new ArrayDeque<>();
    private double factor = 0.3;

    public PredictivePacer(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** An attempt's originate came back: answered or not. */
    public synchronized void attemptEnded(boolean answered) {
        attemptsSeen++;
        attempts.addLast(answered);
        if (answered) {
            answeredInSample++;
        }
        if (attempts.size() > ANSWER_RATE_SAMPLE && attempts.pollFirst()) {
            answeredInSample--;
        }
    }

    /** An answered call was connected to an agent, or abandoned because none was free. */
    public synchronized void answered(Instant at, boolean abandoned) {
        long t = at.toEpochMilli();
        answersAt.addLast(t);
        if (abandoned) {
            abandonsAt.addLast(t);
        }
        trim(t);
        if (answersAt.size() >= MIN_WINDOW_ANSWERS) {
            double rate = (double) abandonsAt.size() / answersAt.size();
            if (rate > 0.5 * settings.abandonCap()) {
                factor = Math.max(0.02, factor * 0.8);
            } else if (rate < 0.3 * settings.abandonCap()) {
                factor = Math.min(1.0, factor * 1.01);
            }
        }
        if (abandoned) {
            factor = Math.max(0.02, factor * 0.9);
        }
    }

    private void trim(long now) {
        long from = now - settings.window().toMillis();
        while (!answersAt.isEmpty() && answersAt.peekFirst() <= from) {
            answersAt.pollFirst();
        }
        while (!abandonsAt.isEmpty() && abandonsAt.peekFirst() <= from) {
            abandonsAt.pollFirst();
        }
    }

    public synchronized double answerRate() {
        return (answeredInSample + settings.priorAnswerRate() * PRIOR_WEIGHT) / (attempts.size() + PRIOR_WEIGHT);
    }

    /** Abandoned / answered over the rolling window ending at {@code now}; 0 with no answers. */
    public synchronized double abandonRate(Instant now) {
        trim(now.toEpochMilli());
        return answersAt.isEmpty() ? 0 : (double) abandonsAt.size() / answersAt.size();
    }

    /** How many new calls to originate now, never taking the lines above {@code maxLines}. */
    public synchronized int callsToPlace(Snapshot s, Instant now, int maxLines) {
        trim(now.toEpochMilli());
        if (attemptsSeen < WARM_UP_ATTEMPTS) {
            return Math.min(progressive(s), Math.max(0, maxLines - s.dialling())); // learn the answer rate first
        }
        double p = Math.min(0.999, Math.max(0.001, answerRate()));
        double q = 1 - Math.exp(-(double) settings.meanTimeToAnswer().toMillis() / settings.meanHandle().toMillis());
        double[] supply = binomial(Math.max(0, s.busyAgents()), q);
        double budget = settings.abandonCap() * factor;
        // the nearer the window is to the cap, the less risk is left to spend; at 60% of it, none (progressive).
        // Until the window holds enough answers, it counts as holding MIN_WINDOW_ANSWERS (a cautious start).
        double rate = (double) abandonsAt.size() / Math.max(MIN_WINDOW_ANSWERS, answersAt.size());
        budget *= Math.max(0, 1 - rate / (0.6 * settings.abandonCap()));
        int best = s.dialling();
        double[] pmf = {1.0}; // distribution of A for n = 0
        for (int n = 1; n <= maxLines; n++) {
            pmf = addTrial(pmf, p);
            if (n <= s.dialling()) {
                continue;
            }
            if (expectedOverflow(pmf, supply, Math.max(0, s.freeAgents())) > budget * n * p) {
                break;
            }
            best = n;
        }
        return Math.max(0, best - s.dialling());
    }

    /** E[max(0, A − (free + F))], A ~ pmf, F ~ supply. */
    private static double expectedOverflow(double[] pmf, double[] supply, int free) {
        // G(s) = E[max(0, A − s)], from G(0) = E[A] down by P(A > s) per step
        int maxA = pmf.length - 1;
        double[] g = new double[maxA + 2];
        double mean = 0;
        for (int a = 0; a <= maxA; a++) {
            mean += a * pmf[a];
        }
        g[0] = mean;
        double atMost = 0;
        for (int s = 0; s <= maxA; s++) {
            atMost += pmf[s];
            g[s + 1] = Math.max(0, g[s] - (1 - atMost));
        }
        double overflow = 0;
        for (int f = 0; f < supply.length; f++) {
            int s = free + f;
            overflow += supply[f] * (s > maxA ? 0 : g[s]);
        }
        return overflow;
    }

    private static double[] addTrial(double[] pmf, double p) {
        double[] next = new double[pmf.length + 1];
        for (int a = 0; a < pmf.length; a++) {
            next[a] += pmf[a] * (1 - p);
            next[a + 1] += pmf[a] * p;
        }
        return next;
    }

    private static double[] binomial(int n, double p) {
        double[] pmf = {1.0};
        for (int i = 0; i < n; i++) {
            pmf = addTrial(pmf, p);
        }
        return pmf;
    }

    /** Progressive pacing, for comparison and for tasks without agents: one line per free agent, never more. */
    public static int progressive(Snapshot s) {
        return Math.max(0, s.freeAgents() - s.dialling());
    }
}
