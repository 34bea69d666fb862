package dev.zhiyu.knowledge;

/**
 * {@code person} holds {@code role} in {@code company}; {@code nominatedBy} is the party that appointed a director, if
 * known. For {@link OfficerRole#EXECUTIVE_PARTNER} the "person" may be a company (a corporate general partner).
 */
public record Officer(String person, String company, OfficerRole role, String nominatedBy, Provenance source) {
}
