package dev.zhiyu.knowledge;

/** {@code upstream} is an input of {@code downstream} in an industry chain. */
public record ProductLink(String upstream, String downstream, Provenance source) {
}
