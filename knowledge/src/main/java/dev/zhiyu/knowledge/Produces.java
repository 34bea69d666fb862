package dev.zhiyu.knowledge;

/**
 * {@code company} makes {@code product}; {@code weight} is the product's share of the company's business (e.g. of
 * 主营业务收入, a fraction 0–1), {@code null} when not disclosed.
 */
public record Produces(String company, String product, Double weight, Provenance source) {
    public Produces(String company, String product, Provenance source) {
        this(company, product, null, source);
    }
}
