package dev.zhiyu.knowledge;

import java.util.List;

/**
 * 一致行动协议: the parties vote together in {@code company}, so their votes (and board nominations) count as one
 * group's and the group can be the joint actual controller.
 */
public record ConcertAgreement(String company, List<String> parties, Provenance source) {
    public ConcertAgreement {
        parties = List.copyOf(parties);
    }

    /** The graph id of the group node that stands for the parties acting together. */
    public String groupId() {
        return "concert:" + company + ":" + String.join("+", parties.stream().sorted().toList());
    }
}
