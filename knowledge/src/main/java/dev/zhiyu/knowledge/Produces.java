package dev.zhiyu.knowledge;

/** {@code company} makes {@code product}. */
public record Produces(String company, String product, Provenance source) {
}
