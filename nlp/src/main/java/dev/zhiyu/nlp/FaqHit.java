package dev.zhiyu.nlp;

/** A retrieved pair; {@code score} is the fused score in [0,1], from {@code cosine} and saturated {@code bm25}. */
public record FaqHit(String id, String question, String answer, double score, double cosine, double bm25) {}
