package dev.zhiyu.knowledge;

/** A fact with the file and row it was read from, so that a later rejection can still name the row. */
public record Located<T>(String file, long row, T fact) {
}
