package dev.zhiyu.knowledge;

import java.util.List;

/** A company's profile: attributes, holders and holdings, ownership and control, officers, guarantees, events, tags. */
public record Profile(Entity company, List<HolderShare> directHolders, List<HolderShare> directHoldings,
                      Ownership ownership, Controller controller, BeneficialOwners beneficialOwners,
                      List<Officer> officers, List<Guarantee> guaranteesGiven, List<Guarantee> guaranteesReceived,
                      List<Event> events, List<String> products, List<String> tags) {
}
