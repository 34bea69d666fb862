package dev.zhiyu.knowledge;

import java.util.List;
import java.util.Map;

/**
 * A company's place in industry chains up to {@code depth} hops: its products (with their share of its business where
 * disclosed), the products upstream (inputs) and downstream (outputs) hop by hop, and who makes them. A product's
 * makers include makers of its sub-products (every level of the hierarchy), and the next hop also follows the links of
 * sub-products. {@code upstreamProducts}/{@code downstreamProducts} and the company lists are all hops flattened;
 * {@code truncated} when a bound cut the walk.
 */
public record ChainNeighbours(Party company, List<String> products, List<String> upstreamProducts,
                              List<String> downstreamProducts, List<Party> upstreamCompanies,
                              List<Party> downstreamCompanies, int depth, Map<String, Double> weights,
                              List<ChainHop> upstream, List<ChainHop> downstream, boolean truncated) {
    public ChainNeighbours {
        products = List.copyOf(products);
        upstreamProducts = List.copyOf(upstreamProducts);
        downstreamProducts = List.copyOf(downstreamProducts);
        upstreamCompanies = List.copyOf(upstreamCompanies);
        downstreamCompanies = List.copyOf(downstreamCompanies);
        weights = Map.copyOf(weights);
        upstream = List.copyOf(upstream);
        downstream = List.copyOf(downstream);
    }

    /** One product {@code hops} links away; {@code path} runs from the company's own product to it. */
    public record ChainHop(String product, String name, int hops, List<String> path, List<ChainMaker> makers) {
        public ChainHop {
            path = List.copyOf(path);
            makers = List.copyOf(makers);
        }
    }

    /** A company making {@code product} (the hop's product or one of its sub-products), with its disclosed weight. */
    public record ChainMaker(Party company, String product, Double weight) {
    }
}
