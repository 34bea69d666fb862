package dev.zhiyu.knowledge;

import java.util.List;
import java.util.Map;

/**
 * A company's profile: attributes, holders and holdings, ownership and control, officers, guarantees, events, tags.
 * {@code display} gives attribute values as shown to analysts (e.g. registeredCapital 268000000 → 2.68亿元).
 */
public record Profile(Entity company, List<HolderShare> directHolders, List<HolderShare> directHoldings,
                      Ownership ownership, Controller controller, BeneficialOwners beneficialOwners,
                      List<Officer> officers, List<Guarantee> guaranteesGiven, List<Guarantee> guaranteesReceived,
                      List<Event> events, List<String> products, List<String> tags,
                      Map<String, String> display) {
}
