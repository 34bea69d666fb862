package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.List;

/**
 * An interest as declared by a source (BODS): e.g. "person P holds 30% of A indirectly". Kept as declared, never
 * recomputed; {@code min}/{@code max} are fractions (equal for an exact share, null when not disclosed).
 * {@code components} lists the source's record ids of the intermediate chain.
 */
public record DeclaredInterest(String party, String company, String type, String directOrIndirect, Double min, Double max,
                               boolean beneficialOwnershipOrControl, LocalDate start, List<String> components,
                               Provenance source) {
    public DeclaredInterest {
        components = List.copyOf(components);
    }
}
