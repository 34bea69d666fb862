package dev.zhiyu.knowledge;

import java.util.List;

/** One beneficial owner with every basis that applies and the paths that show it. */
public record BeneficialOwner(Party person, List<OwnerBasis> bases, double ownership, double votes,
                              List<EvidencePath> paths, List<DeclaredInterest> declared) {
    public BeneficialOwner {
        bases = List.copyOf(bases);
        ownership = Shares.clean(ownership);
        votes = Shares.clean(votes);
        paths = List.copyOf(paths);
        declared = List.copyOf(declared);
    }
}
