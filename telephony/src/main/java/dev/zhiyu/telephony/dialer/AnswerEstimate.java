package dev.zhiyu.telephony.dialer;

import java.time.Duration;

/**
 * Online estimates of the answer probability of an attempt and of the mean time from originate to answer.
 *
 * <p>Two exponentially weighted means of "answered" (a slow one over about {@value #SLOW} attempts and a fast one
 * over about {@value #FAST}), both starting at the prior. The estimate is the larger of the two: a rising answer
 * rate is what causes abandons, so it is followed at once, while a falling one (which only costs agent time) is
 * followed at the slow pace, without the fast mean's noise.
 */
final class AnswerEstimate {

    private static final double SLOW = 150;
    private static final double FAST = 30;
    private static final double RING_SAMPLE = 50;

    private double slow;
    private double fast;
    private double meanRingMillis;
    private double meanAttemptMillis;

    AnswerEstimate(double priorRate, Duration priorTimeToAnswer) {
        slow = priorRate;
        fast = priorRate;
        meanRingMillis = priorTimeToAnswer.toMillis();
        meanAttemptMillis = 1.5 * priorTimeToAnswer.toMillis();
    }

    /** @param ringTime originate to answer or failure; null when not known */
    void attemptEnded(boolean answered, Duration ringTime) {
        double x = answered ? 1 : 0;
        slow += (x - slow) / SLOW;
        fast += (x - fast) / FAST;
        if (ringTime != null && !ringTime.isNegative()) {
            meanAttemptMillis += (ringTime.toMillis() - meanAttemptMillis) / RING_SAMPLE;
            if (answered) {
                meanRingMillis += (ringTime.toMillis() - meanRingMillis) / RING_SAMPLE;
            }
        }
    }

    double answerRate() {
        return Math.min(0.999, Math.max(0.001, Math.max(slow, fast)));
    }

    /**
     * The rate the overflow model assumes: the fast mean, or one standard error above the slow one if higher (with
     * few answers per attempt the slow mean alone sits a standard error low half the time, and over-dials then).
     */
    double cautiousRate() {
        double se = Math.sqrt(slow * (1 - slow) / (2 * SLOW)); // an EWMA over N weighs like about 2N samples
        return Math.min(0.999, Math.max(0.001, Math.max(fast, slow + se)));
    }

    /** The slow mean alone: the answer rate to count on when fewer answers would be the risk. */
    double steadyRate() {
        return Math.min(0.999, Math.max(0.001, slow));
    }

    /** Mean time an attempt holds a line, answered or not. */
    double meanAttemptMillis() {
        return meanAttemptMillis;
    }

    double meanTimeToAnswerMillis() {
        return meanRingMillis;
    }
}
