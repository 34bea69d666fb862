package dev.zhiyu.knowledge;

import java.util.List;

/**
 * One page of the companies in an industry chain: companies making a product that (or whose ancestor) names the chain
 * or is the chain's product code. Ordered by their disclosed business share in the chain (largest first, undisclosed
 * last), then by name; {@code total} counts every member.
 */
public record ChainMembers(String chain, int total, int offset, int limit, List<Member> companies) {
    public ChainMembers {
        companies = List.copyOf(companies);
    }

    /** A member company, its products in the chain and the sum of their disclosed weights (null: none disclosed). */
    public record Member(Party company, List<String> products, Double weight) {
        public Member {
            products = List.copyOf(products);
        }
    }
}
