package dev.zhiyu.nlp;

import java.util.List;

/** The N best pairs; {@code answered} is false ("no answer") when the best score is below the index threshold. */
public record FaqResult(List<FaqHit> hits, boolean answered, double threshold) {
    public static final String NO_ANSWER = "抱歉，知识库中没有找到相关答案";

    public String bestAnswer() { return answered ? hits.get(0).answer() : NO_ANSWER; }
}
