package dev.zhiyu.knowledge;

import java.util.List;

/**
 * Who ultimately owns a company: effective shares of its ultimate holders (fixed point over cross-holdings),
 * the share whose holders the data does not reach ({@code missing}), and where the data stops.
 */
public record Ownership(Party company, List<HolderShare> ultimateHolders, double missing, boolean unknownShares,
                        boolean incomplete, List<Party> stops) {
    public Ownership {
        ultimateHolders = List.copyOf(ultimateHolders);
        missing = Shares.clean(missing);
        stops = List.copyOf(stops);
    }

    public double shareOf(String id) {
        return ultimateHolders.stream().filter(h -> h.holder().id().equals(id)).mapToDouble(HolderShare::share).sum();
    }
}
