package dev.zhiyu.nlp;

/** One training or test example; {@code line} is its 1-based line in the source file (0 if not from a file). */
public record LabeledText(String label, String text, int line) {}
