package dev.zhiyu.models;

/** One example of a snapshot; {@code heldOut} ones are evaluation data only. */
public record Example(String intent, String text, boolean heldOut) {
}
