package dev.zhiyu.nlp;

/** One question/answer pair of a tenant's FAQ. */
public record FaqPair(String id, String question, String answer) {
    public FaqPair {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("FAQ 条目 id 不能为空");
        if (question == null || question.isBlank()) throw new IllegalArgumentException("FAQ 条目 " + id + " 的问题为空");
        if (answer == null) throw new IllegalArgumentException("FAQ 条目 " + id + " 的答案为 null");
    }
}
