package dev.zhiyu.knowledge;

import java.util.List;

/** The beneficial owners of a company; {@code incomplete} when the data stops while companies are still at the top. */
public record BeneficialOwners(Party company, List<BeneficialOwner> owners, boolean fallback, boolean incomplete,
                               List<Party> stops, double missing) {
    public BeneficialOwners {
        owners = List.copyOf(owners);
        stops = List.copyOf(stops);
    }
}
