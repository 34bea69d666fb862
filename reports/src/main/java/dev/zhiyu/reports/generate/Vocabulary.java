package dev.zhiyu.reports.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The decoder's word pieces; ids 0–3 are PAD, BOS, EOS, UNK. Pieces never contain digits (numbers are copies). */
final class Vocabulary {
    static final int PAD = 0, BOS = 1, EOS = 2, UNK = 3;
    private final List<String> pieces;
    private final Map<String, Integer> ids = new HashMap<>();

    Vocabulary(List<String> pieces) {
        this.pieces = List.copyOf(pieces);
        for (int i = 0; i < pieces.size(); i++) ids.put(pieces.get(i), i);
    }

    static Vocabulary build(List<Alignment.Aligned> aligned) {
        List<String> p = new ArrayList<>(List.of("<pad>", "<s>", "</s>", "<unk>"));
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Alignment.Aligned a : aligned) for (Alignment.Token t : a.tokens()) if (!t.copy()) seen.add(t.piece());
        p.addAll(seen);
        return new Vocabulary(p);
    }

    int id(String piece) { return ids.getOrDefault(piece, UNK); }

    String piece(int id) { return pieces.get(id); }

    int size() { return pieces.size(); }

    boolean[] newlines() {
        boolean[] out = new boolean[pieces.size()];
        for (int i = 0; i < out.length; i++) out[i] = pieces.get(i).equals("\n");
        return out;
    }

    List<String> pieces() { return pieces; }
}
