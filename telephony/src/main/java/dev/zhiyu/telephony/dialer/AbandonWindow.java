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
     * How many more abandons the window can take before its rate passes {@code cap}, now and over the next
     * {@code lookahead} if the pacer fell back to progressive dialling: {@code cap × answers − abandons}, where the
     * answers and abandons that leave the window within {@code lookahead} are dropped and only {@code sureRate ×
     * lookahead} new answers (progressive dialling's) come in. Without the look-ahead a window full of answers
     * from over-dialling would see its rate climb past the cap with no new abandon, as those answers age out while
     * the pacer dials cautiously. Until a full window has passed since the first answer, the answers are projected
     * to a full window (elapsed time counted as at least a sixth of it).
     */
    double headroom(long now, double cap, long lookahead, double sureRatePerMilli) {
        trim(now);
        double answers = answersAt.size();
        if (firstAnswerAt != Long.MIN_VALUE && now - firstAnswerAt < windowMillis) {
            double elapsed = Math.max(windowMillis / 6.0, now - firstAnswerAt);
            return cap * answers * windowMillis / elapsed - abandonsAt.size();
        }
        long leaving = now - windowMillis + lookahead;
        long answersLeaving = answersAt.stream().filter(t -> t <= leaving).count();
        long abandonsLeaving = abandonsAt.stream().filter(t -> t <= leaving).count();
        double later = cap * (answers - answersLeaving + sureRatePerMilli * lookahead) - (abandonsAt.size() - abandonsLeaving);
        return Math.min(cap * answers - abandonsAt.size(), later);
    }
}
