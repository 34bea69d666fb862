package dev.zhiyu.knowledge;

import java.util.List;

/** Relations around companies: related parties, capital groups, guarantee circles, paths, industry chains. */
public interface Relations {
    List<RelatedParty> relatedParties(String company);

    /** Every company whose actual controller is this party. */
    List<Party> capitalGroup(String controller);

    /** Guarantee circles (cycles of guarantees) that the company is in; each circle listed from the company round. */
    List<List<Party>> guaranteeCircles(String company);

    /** Up to k shortest simple paths (by hops) between two parties over all relation types, at most maxHops long. */
    List<RelationPath> paths(String from, String to, int k, int maxHops);

    /** Upstream and downstream products of the company's products (one hop), and the companies making them. */
    ChainNeighbours chainNeighbours(String company);

    /** The same up to {@code depth} hops (1–6) over product links and the product hierarchy. */
    ChainNeighbours chainNeighbours(String company, int depth);

    /** Companies making any product of a named chain (e.g. 5G). */
    List<Party> companiesInChain(String chain);

    /** One page of the companies in a chain (a chain name, or a product code for that product and its sub-products). */
    ChainMembers companiesInChain(String chain, int offset, int limit);
}
