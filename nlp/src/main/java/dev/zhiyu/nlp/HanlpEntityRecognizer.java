package dev.zhiyu.nlp;

import java.util.ArrayList;
import java.util.List;

/** Person, place and organisation names from HanLP's role-tagging recognisers (POS nr*, ns*, nt*). */
final class HanlpEntityRecognizer implements EntityRecognizer {
    @Override
    public List<Entity> recognize(String text, List<Token> tokens) {
        List<Entity> out = new ArrayList<>();
        for (Token t : tokens) {
            String type = t.pos().startsWith("nr") ? Entity.PERSON
                    : t.pos().startsWith("ns") ? Entity.PLACE
                    : t.pos().startsWith("nt") ? Entity.ORGANIZATION : null;
            if (type != null && t.word().codePointCount(0, t.word().length()) > 1) {
                out.add(new Entity(type, t.word(), t.start(), t.end(), t.word(), "hanlp"));
            }
        }
        return out;
    }
}
