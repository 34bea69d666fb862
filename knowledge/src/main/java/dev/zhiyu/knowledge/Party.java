package dev.zhiyu.knowledge;

/** A node named in an answer. */
public record Party(String id, String name, EntityKind kind) {
}
