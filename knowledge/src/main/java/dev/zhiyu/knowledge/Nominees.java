package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declared nominee arrangements (代持) in a BODS file. Shares a nominee holds count as the nominator's: a person's direct
 * holding of at least 25% declared {@code beneficialOwnershipOrControl: false} (below the beneficial-ownership threshold
 * the flag only says the stake is small), or held by a party declared {@code nominee}, goes to
 * the one declared nominator (on the company, on the nomination arrangement, or as the beneficial interest whose
 * components include the nominee's record). With no or several nominators it goes to a placeholder party with no known
 * holders, so ownership and control say incomplete rather than naming the nominee.
 */
final class Nominees {
    /** A direct shareholding as declared, before nominee resolution. */
    record Direct(long row, String recordId, String party, String subject, Double equity, Double voting,
                  LocalDate start, LocalDate end, Provenance source, boolean notBeneficial) {
    }

    private final Map<String, String> names = new HashMap<>();
    private final Set<String> persons = new HashSet<>();
    private final Set<String> arrangements = new HashSet<>();
    private final Map<String, Set<String>> nominators = new HashMap<>();
    private final Map<String, Set<String>> nomineeIn = new HashMap<>();
    private final Map<String, Set<String>> subjectsOf = new HashMap<>();
    /** component record id or party id → (subject → parties declaring a beneficial interest through it). */
    private final Map<String, Map<String, Set<String>>> throughComponent = new HashMap<>();
    private final List<Direct> directs = new ArrayList<>();

    void party(String id, String name, boolean person, boolean arrangement) {
        names.put(id, name);
        if (person) {
            persons.add(id);
        }
        if (arrangement) {
            arrangements.add(id);
        }
    }

    void interest(String party, String subject, String type, boolean beneficial, List<String> components) {
        subjectsOf.computeIfAbsent(party, k -> new HashSet<>()).add(subject);
        if ("nominator".equals(type)) {
            nominators.computeIfAbsent(subject, k -> new LinkedHashSet<>()).add(party);
        } else if ("nominee".equals(type)) {
            nomineeIn.computeIfAbsent(party, k -> new HashSet<>()).add(subject);
        } else if (beneficial) {
            for (String c : components) {
                throughComponent.computeIfAbsent(c, k -> new HashMap<>())
                        .computeIfAbsent(subject, k -> new LinkedHashSet<>()).add(party);
            }
        }
    }

    void direct(Direct d) {
        directs.add(d);
    }

    /** Adds every direct holding to the batch, nominee holdings re-attributed, arrangements' nominators as holders. */
    void emit(String file, FactBatch batch, Map<String, String> recordOf) {
        Map<String, Map<String, Located<Shareholding>>> out = new LinkedHashMap<>();
        Set<String> placeholders = new HashSet<>();
        for (Direct d : directs) {
            String holder = d.party();
            Provenance src = d.source();
            if (nominee(d)) {
                Set<String> principals = principals(d, recordOf);
                if (principals.size() == 1) {
                    holder = principals.iterator().next();
                    src = new Provenance(src.source() + "；名义股东 " + names.get(d.party()) + " 代 " + names.get(holder)
                            + " 持有（代持申报）", src.date());
                } else {
                    holder = placeholder(file, batch, d, principals.size(), placeholders);
                    src = new Provenance(src.source() + "；名义股东 " + names.get(d.party()) + " 申报不享有受益所有权，"
                            + (principals.isEmpty() ? "未申报委托人" : "申报了多名委托人且未分份额"), src.date());
                }
            }
            Shareholding s = new Shareholding(holder, d.subject(), d.equity(), d.voting(), null, d.start(), d.end(), src);
            // a later statement by the same declarer replaces its earlier one; different declarers add up
            out.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).put(d.party(), new Located<>(file, d.row(), s));
            nominatorsHold(out, file, d);
        }
        out.values().forEach(byDeclarer -> {
            Located<Shareholding> l = byDeclarer.values().stream().reduce(Nominees::merge).orElseThrow();
            batch.shareholding(l.file(), l.row(), l.fact());
        });
    }

    private boolean nominee(Direct d) {
        if (d.notBeneficial() && persons.contains(d.party()) && atThreshold(d)) {
            return true;
        }
        for (String x : nomineeIn.getOrDefault(d.party(), Set.of())) {
            if (x.equals(d.subject()) || subjectsOf.getOrDefault(x, Set.of()).contains(d.subject())) {
                return true;
            }
        }
        return false;
    }

    /** A stake that would make its holder a beneficial owner (PBOC 2024: 25%), so "not beneficial" means held for another. */
    private static boolean atThreshold(Direct d) {
        double t = Queries.BO_THRESHOLD - OwnershipEngine.TINY;
        return d.equity() != null && d.equity() >= t || d.voting() != null && d.voting() >= t;
    }

    private Set<String> principals(Direct d, Map<String, String> recordOf) {
        Set<String> p = new LinkedHashSet<>(nominators.getOrDefault(d.subject(), Set.of()));
        for (String x : nomineeIn.getOrDefault(d.party(), Set.of())) {
            if (x.equals(d.subject()) || subjectsOf.getOrDefault(x, Set.of()).contains(d.subject())) {
                p.addAll(nominators.getOrDefault(x, Set.of()));
            }
        }
        for (String component : List.of(d.recordId(), recordOf.getOrDefault(d.party(), ""))) {
            p.addAll(throughComponent.getOrDefault(component, Map.of()).getOrDefault(d.subject(), Set.of()));
        }
        p.remove(d.party());
        return p;
    }

    /** The nominators of an arrangement that holds shares hold the arrangement: one alone 100%, several undisclosed. */
    private void nominatorsHold(Map<String, Map<String, Located<Shareholding>>> out, String file, Direct d) {
        Set<String> ns = arrangements.contains(d.party()) ? nominators.getOrDefault(d.party(), Set.of()) : Set.of();
        for (String n : ns) {
            String key = n + "->" + d.party();
            if (!out.containsKey(key)) {
                Provenance src = new Provenance(d.source().source() + "；" + names.get(n) + " 为代持安排 "
                        + names.get(d.party()) + " 的委托人（nominator）", d.source().date());
                out.put(key, new LinkedHashMap<>(Map.of(n, new Located<>(file, d.row(), new Shareholding(n, d.party(),
                        ns.size() == 1 ? 1.0 : null, null, null, null, null, src)))));
            }
        }
    }

    private String placeholder(String file, FactBatch batch, Direct d, int principals, Set<String> made) {
        String id = "bods-principal:" + d.party() + "@" + d.subject();
        if (made.add(id)) {
            String name = names.get(d.party()) + " 代持股份的" + (principals == 0 ? "未申报委托人" : "委托人（多名，份额未申报）");
            batch.entity(file, d.row(), new Entity(id, EntityKind.OTHER, name, List.of(), Map.of("nominee", d.party()),
                    d.source()));
        }
        return id;
    }

    /** Own shares plus shares a nominee holds for the same holder add up. */
    private static Located<Shareholding> merge(Located<Shareholding> a, Located<Shareholding> b) {
        Shareholding p = a.fact();
        Shareholding s = b.fact();
        Shareholding sum = new Shareholding(s.holder(), s.company(), add(p.equity(), s.equity()),
                p.voting() == null && s.voting() == null ? null : add(p.votes(), s.votes()), null, p.start(), p.end(),
                new Provenance(p.source().source() + "；" + s.source().source(), p.source().date()));
        return new Located<>(a.file(), a.row(), sum);
    }

    private static Double add(Double a, Double b) {
        return a == null || b == null ? null : a + b;
    }
}
