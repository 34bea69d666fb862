package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnotationQueueTest {
    private static ReviewTurn turn(String session, int i, String text, double p, String action) {
        return new ReviewTurn(session, i, "kaihu", text, "affirm", p, action);
    }

    @Test
    void eachReasonIsFoundAndTheMostSuspiciousTurnComesFirst() {
        List<ReviewTurn> turns = List.of(
                turn("a", 1, "是我", 0.95, "follow:affirm"),
                turn("a", 2, "要得", 0.30, "reprompt"),
                turn("a", 3, "要得嘛", 0.9, "follow:affirm"),
                turn("b", 1, "侬是啥人", 0.8, "follow:wrong_person"),
                turn("c", 1, "好的", 0.99, "follow:affirm"),
                turn("c", 2, "我要投诉你们", 0.9, "escalate"));
        List<ReviewItem> q = AnnotationQueue.select(turns, Set.of(), 10);
        assertEquals(List.of("a#2", "c#2", "a#3"), q.stream().map(r -> AnnotationQueue.key(r.turn())).toList());
        assertEquals(List.of("low_confidence", "fallback"), q.get(0).reasons());
        assertEquals(List.of("fallback", "bad_ending"), q.get(1).reasons());
        assertEquals(List.of("repeated"), q.get(2).reasons());
    }

    @Test
    void correctedTurnsLeaveTheQueueAndTheLimitHolds() {
        List<ReviewTurn> turns = List.of(turn("a", 1, "要得", 0.3, "reprompt"), turn("b", 1, "得嘞", 0.2, "reprompt"));
        assertEquals(1, AnnotationQueue.select(turns, Set.of("b#1"), 10).size());
        assertEquals(1, AnnotationQueue.select(turns, Set.of(), 1).size());
    }
}
