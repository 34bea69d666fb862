package dev.zhiyu.nlp;

import java.util.List;

/** Finds entities in a text; {@code tokens} is the segmentation of the same text (some recognisers ignore it). */
public interface EntityRecognizer {
    List<Entity> recognize(String text, List<Token> tokens);
}
