package dev.zhiyu.knowledge;

import java.util.List;
import java.util.Map;

/**
 * A company, person, state body or other party. {@code id} is the graph key: the unified social credit code (or another
 * registry identifier, e.g. a masked person identifier) when known, else {@code name:<normalised name>}.
 * Attributes hold status, region, industry, registeredCapital, listingCode and imported indicators.
 */
public record Entity(String id, EntityKind kind, String name, List<String> formerNames, Map<String, String> attributes,
                     Provenance source) {
    public Entity {
        formerNames = List.copyOf(formerNames);
        attributes = Map.copyOf(attributes);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    public boolean listed() {
        String code = attributes.get("listingCode");
        return code != null && !code.isBlank();
    }
}
