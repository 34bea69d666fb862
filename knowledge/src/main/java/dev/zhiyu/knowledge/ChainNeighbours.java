package dev.zhiyu.knowledge;

import java.util.List;

/** A company's place in industry chains: its products, their inputs and outputs, and who makes those. */
public record ChainNeighbours(Party company, List<String> products, List<String> upstreamProducts,
                              List<String> downstreamProducts, List<Party> upstreamCompanies,
                              List<Party> downstreamCompanies) {
}
