package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Controller evaluation: each case of a CSV (columns {@code case,type,a,b,value,extra}) is built into its own graph and
 * the computed controller is compared with the expected one. Row types:
 * <ul>
 * <li>{@code company a listed|unlisted}, {@code person a}, {@code state a}</li>
 * <li>{@code hold a→b value=equity% extra=voting%} ({@code unknown} = share undisclosed)</li>
 * <li>{@code concert a=company b=parties|…}; {@code director a=person b=company value=nominated_by};
 *     {@code partner a=executive partner b=partnership}</li>
 * <li>{@code nominee a=nominee b=company value=% extra=nominator (empty = undeclared)} — imported as a BODS 0.4
 *     declaration ({@code beneficialOwnershipOrControl: false}, nominator interest)</li>
 * <li>{@code expect a=company b=CONTROLLED|NO_CONTROLLER|INCOMPLETE value=controllers|… extra=why}</li>
 * </ul>
 * Prints one line per case — agree, disagree, or correctly incomplete — with the computed chain and evidence paths,
 * then the totals. Run: see knowledge/README.md, "Controller evaluation".
 */
public final class ControlEval {
    /** One verdict. */
    enum Verdict {
        AGREE("一致"), CORRECTLY_INCOMPLETE("正确判为数据不全"), DISAGREE("不一致");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    record Outcome(String name, Verdict verdict, String expected, String actual, String why, List<String> paths) {
    }

    private ControlEval() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "eval/controllers.csv");
        List<Outcome> outcomes;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            outcomes = run(r);
        }
        print(outcomes, System.out);
    }

    static List<Outcome> run(Reader csv) throws IOException {
        Map<String, List<CSVRecord>> cases = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setTrim(true).get();
        for (CSVRecord rec : format.parse(csv)) {
            cases.computeIfAbsent(rec.get("case"), k -> new ArrayList<>()).add(rec);
        }
        List<Outcome> out = new ArrayList<>();
        cases.forEach((name, rows) -> out.add(evaluate(name, rows)));
        return out;
    }

    static void print(List<Outcome> outcomes, PrintStream out) {
        for (Outcome o : outcomes) {
            out.printf("%-34s %-10s 期望 %-28s 实际 %-28s%n", o.name(), o.verdict().label, o.expected(), o.actual());
            out.println("    " + o.why());
            o.paths().forEach(p -> out.println("    路径 " + p));
        }
        Map<Verdict, Long> n = outcomes.stream().collect(Collectors.groupingBy(Outcome::verdict, Collectors.counting()));
        out.printf("合计 %d 家：一致 %d，正确判为数据不全 %d，不一致 %d%n", outcomes.size(), n.getOrDefault(Verdict.AGREE, 0L),
                n.getOrDefault(Verdict.CORRECTLY_INCOMPLETE, 0L), n.getOrDefault(Verdict.DISAGREE, 0L));
    }

    private static Outcome evaluate(String name, List<CSVRecord> rows) {
        FactBatch b = new FactBatch();
        Provenance src = new Provenance("评测用例 " + name, null);
        List<String> bods = new ArrayList<>();
        CSVRecord expect = null;
        int n = 0;
        for (CSVRecord r : rows) {
            n++;
            String a = r.get("a");
            String bb = r.get("b");
            switch (r.get("type")) {
                case "company" -> b.entity(name, n, new Entity(a, EntityKind.COMPANY, a, List.of(),
                        "listed".equals(bb) ? Map.of("listingCode", "L-" + a) : Map.of(), src));
                case "person" -> b.entity(name, n, new Entity(a, EntityKind.PERSON, a, List.of(), Map.of(), src));
                case "state" -> b.entity(name, n, new Entity(a, EntityKind.STATE, a, List.of(), Map.of(), src));
                case "hold" -> b.shareholding(name, n, new Shareholding(a, bb, pct(r.get("value")), pct(r.get("extra")),
                        null, null, null, src));
                case "concert" -> b.concert(name, n, new ConcertAgreement(a, Arrays.asList(bb.split("\\|")), src));
                case "director" -> b.officer(name, n, new Officer(a, bb, OfficerRole.DIRECTOR, blank(r.get("value")), src));
                case "partner" -> b.officer(name, n, new Officer(a, bb, OfficerRole.EXECUTIVE_PARTNER, null, src));
                case "nominee" -> bods.addAll(nominee(n, a, bb, r.get("value"), blank(r.get("extra"))));
                case "expect" -> expect = r;
                default -> throw new IllegalArgumentException(name + "：未知的行类型 " + r.get("type"));
            }
        }
        if (expect == null) {
            throw new IllegalArgumentException(name + "：缺少 expect 行");
        }
        KnowledgeGraph g = KnowledgeGraphs.indexOnly();
        List<BadRow> bad = new ArrayList<>(g.load(b).rejected());
        if (!bods.isEmpty()) {
            byte[] json = ("[" + String.join(",", bods) + "]").getBytes(StandardCharsets.UTF_8);
            bad.addAll(g.load(BodsImport.read(name + ".json", json)).rejected());
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(name + "：用例数据被拒绝 " + bad);
        }
        return compare(name, g.controller(expect.get("a")), expect);
    }

    private static Outcome compare(String name, Controller c, CSVRecord expect) {
        String wantStatus = expect.get("b");
        TreeSet<String> want = new TreeSet<>(expect.get("value").isBlank() ? List.of()
                : Arrays.asList(expect.get("value").split("\\|")));
        TreeSet<String> got = new TreeSet<>();
        if (c.status() == ControlStatus.CONTROLLED) {
            if (c.jointControllers().isEmpty()) {
                got.add(c.controller().id());
            } else {
                c.jointControllers().forEach(p -> got.add(p.id()));
            }
        }
        boolean same = wantStatus.equals(c.status().name()) && want.equals(got);
        Verdict v = !same ? Verdict.DISAGREE
                : c.status() == ControlStatus.INCOMPLETE ? Verdict.CORRECTLY_INCOMPLETE : Verdict.AGREE;
        List<String> paths = new ArrayList<>();
        if (!c.chain().isEmpty()) {
            paths.add("控制链 " + c.chain().stream().map(Party::id).collect(Collectors.joining(" → ")));
        }
        c.evidence().forEach(p -> paths.add(p.steps().stream().map(s -> s.holder().id() + " " + share(s.equity()))
                .collect(Collectors.joining(" → ")) + " → " + p.steps().getLast().company().id()
                + "（乘积 " + Uncertainty.pct(p.product()) + "）"));
        String why = c.explanation() + (expect.get("extra").isBlank() ? "" : "｜依据：" + expect.get("extra"));
        return new Outcome(name, v, wantStatus + (want.isEmpty() ? "" : " " + want), c.status().name()
                + (got.isEmpty() ? "" : " " + got), why, paths);
    }

    private static String share(Double equity) {
        return equity == null ? "（比例未披露）" : Uncertainty.pct(equity);
    }

    private static Double pct(String s) {
        if (s == null || s.isBlank() || s.equalsIgnoreCase("unknown")) {
            return null;
        }
        return Double.parseDouble(s) / 100;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** BODS 0.4 statements: the nominee's direct holding, not beneficial; the nominator's interest when declared. */
    private static List<String> nominee(int n, String nominee, String company, String pct, String nominator) {
        List<String> s = new ArrayList<>();
        s.add(party("person", nominee));
        s.add(party("entity", company));
        s.add(relation("r" + n, nominee, company, """
                {"type":"shareholding","directOrIndirect":"direct","beneficialOwnershipOrControl":false,
                 "share":{"exact":%s}}""".formatted(pct)));
        if (nominator != null) {
            s.add(party("person", nominator));
            s.add(relation("r" + n + "n", nominator, company,
                    "{\"type\":\"nominator\",\"directOrIndirect\":\"indirect\",\"beneficialOwnershipOrControl\":true}"));
        }
        return s;
    }

    private static String party(String type, String id) {
        String details = type.equals("person")
                ? "\"personType\":\"knownPerson\",\"names\":[{\"fullName\":\"%s\"}]".formatted(id)
                : "\"entityType\":{\"type\":\"registeredEntity\"},\"name\":\"%s\"".formatted(id);
        return """
                {"statementId":"s-%1$s","recordId":"%1$s","recordType":"%2$s",
                 "recordDetails":{"identifiers":[{"scheme":"CN-SAMR","id":"%1$s"}],%3$s}}""".formatted(id, type, details);
    }

    private static String relation(String id, String party, String subject, String interest) {
        return """
                {"statementId":"s-%1$s","recordId":"%1$s","recordType":"relationship",
                 "recordDetails":{"subject":"%3$s","interestedParty":"%2$s","interests":[%4$s]}}"""
                .formatted(id, party, subject, interest);
    }
}
