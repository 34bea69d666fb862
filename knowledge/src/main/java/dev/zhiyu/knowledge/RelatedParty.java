package dev.zhiyu.knowledge;

import java.util.List;

/** A party related to a company and the reasons (same controller, shared officer, cross-holding, guarantee …). */
public record RelatedParty(Party party, List<String> reasons) {
    public RelatedParty {
        reasons = List.copyOf(reasons);
    }
}
