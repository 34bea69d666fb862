package dev.zhiyu.telephony.dialer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** Answered calls and abandons over a rolling window, and the abandons it can still take under a cap. */
final class AbandonWindow {

    private final long windowMillis;
    private final Deque<Long> answersAt = new ArrayDeque<>();
    private final Deque<Long> abandonsAt = new ArrayDeque<>();
    private long firstAnswerAt = Long.MIN_VALUE;

    AbandonWindow(Duration window) {
        this.windowMillis = window.toMillis();
    }

    void answered(long at, boolean abandoned) {
        if (firstAnswerAt == Long.MIN_VALUE) {
            firstAnswerAt = at;
        }
        answersAt.addLast(at);
        if (abandoned) {
            abandonsAt.addLast(at);
        }
        trim(at);
    }

    void trim(long now) {
        long from = now - windowMillis;
        while (!answersAt.isEmpty() && answersAt.peekFirst() <= from) {
            answersAt.pollFirst();
        }
        while (!abandonsAt.isEmpty() && abandonsAt.peekFirst() <= from) {
            abandonsAt.pollFirst();
        }
    }

    /** Abandoned / answered in the window; 0 with no answers. */
    double rate() {
        return answersAt.isEmpty() ? 0 : (double) abandonsAt.size() / answersAt.size();
    }

    /**
     * How many more abandons may land now without the rate of any window ending in the next {@code window} passing
     * {@code cap}, if from now on only {@code sureRatePerMilli} answers per ms came in (progressive dialling's, the
     * fallback): the minimum, over every future window end {@code τ}, of {@code (cap × (answers still in at τ + sure
     * arrivals until τ) − abandons still in at τ) / (1 − cap)} (an abandon is an answer too). The minimum is reached
     * now or just as an answer leaves, so those instants are enough. Windows ending less than a window after the
     * first answer are partial and not checked (their answers are counted in the later full ones). With no answer
     * yet, 0: nothing is known to set an abandon against. The sure arrivals never exceed {@code sureMeanMax}
     * expected answers in all (the leads left to call: near the end of a list progressive dialling runs dry).
     */
    double budget(long now, double cap, double sureRatePerMilli, double sureMeanMax) {
        trim(now);
        if (answersAt.isEmpty()) {
            return firstAnswerAt == Long.MIN_VALUE ? 0
                    : cap * sureArrivals(Math.min(sureRatePerMilli * windowMillis, sureMeanMax)) / (1 - cap);
        }
        long firstFull = firstAnswerAt + windowMillis;
        double answers = answersAt.size();
        double abandons = abandonsAt.size();
        double best = now >= firstFull ? cap * answers - abandons : Double.MAX_VALUE;
        var abandonIt = abandonsAt.iterator();
        long nextAbandon = abandonIt.hasNext() ? abandonIt.next() : Long.MAX_VALUE;
        for (long at : answersAt) {
            answers--; // leaves the windows ending after at + window
            while (nextAbandon <= at) {
                abandons--;
                nextAbandon = abandonIt.hasNext() ? abandonIt.next() : Long.MAX_VALUE;
            }
            long tau = at + windowMillis;
            if (tau >= firstFull) {
                double sure = sureArrivals(Math.min(sureRatePerMilli * (tau - now), sureMeanMax));
                best = Math.min(best, cap * (answers + sure) - abandons);
            }
        }
        return Math.max(0, best) / (1 - cap);
    }

    /** Answers nearly sure to come (Poisson, about 2.5% below) when {@code mean} are expected. */
    static double sureArrivals(double mean) {
        return Math.max(0, mean - 2 * Math.sqrt(mean));
    }
}
