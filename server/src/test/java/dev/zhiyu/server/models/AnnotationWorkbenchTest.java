package dev.zhiyu.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.zhiyu.models.ReviewItem;
import dev.zhiyu.models.ReviewTurn;
import dev.zhiyu.server.dialog.TurnContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which turns are the same sentence, and when the model's guess is worth showing. */
class AnnotationWorkbenchTest {
    private static ReviewItem item(String intent, double p) {
        return new ReviewItem(new ReviewTurn("s", 1, "sc", "验证码一直收不到", intent, p, "reprompt"), List.of("low_confidence"));
    }

    private static TurnContext context(Map<String, Map<String, Double>> belief) {
        return new TurnContext("ask_problem", List.of(new TurnContext.Heard("验证码一直收不到", 0.9)), "请问是遇到什么问题了吗？", belief);
    }

    @Test
    void punctuationSpacesWidthAndCaseDoNotMakeADifferentSentence() {
        assertEquals(SameText.key("嗯，对的。"), SameText.key("嗯 对的！"));
        assertEquals(SameText.key("ＡＰＰ打不开"), SameText.key("app 打不开？"));
        assertNotEquals(SameText.key("对的"), SameText.key("不对"));
    }

    @Test
    void aProblemSentenceIsNotSuggestedAsAZeroPercentIntent() {
        var problem = context(Map.of("problem", Map.of("sms_code_missing", 0.82, "sms_code_expired", 0.1)));
        AnnotationWorkbench.Suggestion s = AnnotationWorkbench.suggestion(item("wrong_person", 0.0), problem);
        assertEquals(new AnnotationWorkbench.Suggestion(null, "problem", "sms_code_missing", 0.82), s);
    }

    @Test
    void anUnsureModelSuggestsNothingAndASureOneItsIntent() {
        assertNull(AnnotationWorkbench.suggestion(item("wrong_person", 0.31), context(Map.of("problem", Map.of("x", 0.2)))));
        assertNull(AnnotationWorkbench.suggestion(item("affirm", 0.59), null));
        assertEquals("affirm", AnnotationWorkbench.suggestion(item("affirm", 0.91), context(Map.of())).intent());
    }
}
