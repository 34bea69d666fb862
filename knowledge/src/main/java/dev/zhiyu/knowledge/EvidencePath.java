package dev.zhiyu.knowledge;

import java.util.List;

/** A chain of shareholdings from a holder down to a company; {@code product} is the product of the equity shares. */
public record EvidencePath(List<PathStep> steps, double product) {
    public EvidencePath {
        steps = List.copyOf(steps);
        product = Shares.clean(product);
    }
}
