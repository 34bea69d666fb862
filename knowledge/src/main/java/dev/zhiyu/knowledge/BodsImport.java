package dev.zhiyu.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Beneficial Ownership Data Standard 0.4 statements → facts. Direct shareholding/voting interests become shareholdings
 * (a share range or no share = share unknown); every interest is also kept as declared, with its components, so
 * declared indirect interests survive where the chain itself is incomplete. Each fact's source names the statement.
 */
public final class BodsImport {
    private final String file;
    private final FactBatch batch = new FactBatch();
    private final Map<String, String> ids = new HashMap<>();
    private final Nominees nominees = new Nominees();

    private BodsImport(String file) {
        this.file = file;
    }

    public static FactBatch read(String file, byte[] json) {
        BodsImport in = new BodsImport(file);
        JsonNode root;
        try {
            root = FactCodec.MAPPER.readTree(json);
        } catch (IOException e) {
            return in.batch.reject(new BadRow(file, 0, null, "JSON 格式错误：" + e.getMessage()));
        }
        if (root == null || !root.isArray()) {
            return in.batch.reject(new BadRow(file, 0, null, "BODS 数据应为陈述（statement）数组"));
        }
        for (int i = 0; i < root.size(); i++) {
            in.statement(i + 1, root.get(i));
        }
        Map<String, String> records = new HashMap<>();
        in.ids.forEach((record, id) -> records.putIfAbsent(id, record));
        in.nominees.emit(file, in.batch, records);
        return in.batch;
    }

    private void statement(long n, JsonNode s) {
        try {
            String type = text(s, "recordType");
            JsonNode d = s.path("recordDetails");
            Provenance src = provenance(s);
            switch (type == null ? "" : type) {
                case "entity" -> entity(n, s, d, src);
                case "person" -> person(n, s, d, src);
                case "relationship" -> relationship(n, s, d, src);
                default -> throw new Loader.RowError("recordType", "未知的记录类型：" + type);
            }
        } catch (Loader.RowError e) {
            batch.reject(new BadRow(file, n, e.field, e.getMessage()));
        }
    }

    private Provenance provenance(JsonNode s) {
        String publisher = s.path("publicationDetails").path("publisher").path("name").asText("");
        String asserted = s.path("source").path("assertedBy").path(0).path("name").asText("");
        String source = "BODS " + file + " 陈述 " + s.path("statementId").asText("?")
                + (publisher.isEmpty() ? "" : "，发布方 " + publisher) + (asserted.isEmpty() ? "" : "，申报方 " + asserted);
        return new Provenance(source, date(s, "statementDate"));
    }

    private void entity(long n, JsonNode s, JsonNode d, Provenance src) {
        String name = text(d, "name");
        if (name == null) {
            throw new Loader.RowError("recordDetails.name", "主体名称不能为空");
        }
        String t = d.path("entityType").path("type").asText("");
        EntityKind kind = switch (t) {
            case "state", "stateBody" -> EntityKind.STATE;
            case "arrangement", "anonymousEntity", "unknownEntity" -> EntityKind.OTHER;
            default -> EntityKind.COMPANY;
        };
        Map<String, String> attrs = new HashMap<>();
        attrs.put("bodsEntityType", t);
        JsonNode listing = d.path("publicListing").path("securitiesListings").path(0).path("security").path("ticker");
        if (!listing.isMissingNode()) {
            attrs.put("listingCode", listing.asText());
        } else if (d.path("publicListing").path("hasPublicListing").asBoolean(false)) {
            attrs.put("listingCode", "listed");
        }
        String jurisdiction = d.path("jurisdiction").path("code").asText(null);
        if (jurisdiction != null) {
            attrs.put("region", jurisdiction);
        }
        List<String> former = new ArrayList<>();
        d.path("alternateNames").forEach(a -> former.add(a.asText()));
        String id = identifier(d, s);
        ids.put(text(s, "recordId"), id);
        nominees.party(id, name, false, "arrangement".equals(t));
        batch.entity(file, n, new Entity(id, kind, name, former, attrs, src));
    }

    private void person(long n, JsonNode s, JsonNode d, Provenance src) {
        String name = d.path("names").path(0).path("fullName").asText(null);
        if (name == null) {
            name = "anonymousPerson".equals(text(d, "personType")) ? "匿名自然人" : "未知自然人";
        }
        String id = identifier(d, s);
        ids.put(text(s, "recordId"), id);
        nominees.party(id, name, true, false);
        if ("closed".equals(text(s, "recordStatus"))) {
            return;
        }
        Map<String, String> attrs = new HashMap<>();
        String nationality = d.path("nationalities").path(0).path("code").asText(null);
        if (nationality != null) {
            attrs.put("nationality", nationality);
        }
        batch.entity(file, n, new Entity(id, EntityKind.PERSON, name, List.of(), attrs, src));
    }

    /** The registry identifier when there is one (resolution by code), else the BODS record id. */
    private static String identifier(JsonNode d, JsonNode s) {
        JsonNode first = d.path("identifiers").path(0);
        if (first.has("id")) {
            String scheme = first.path("scheme").asText("");
            return scheme.equals("CN-SAMR") || scheme.isEmpty() ? first.get("id").asText()
                    : scheme + ":" + first.get("id").asText();
        }
        return "bods:" + s.path("recordId").asText();
    }

    private void relationship(long n, JsonNode s, JsonNode d, Provenance src) {
        String subject = ref(d.path("subject"), "recordDetails.subject");
        JsonNode ip = d.path("interestedParty");
        if (ip.isObject()) {
            throw new Loader.RowError("recordDetails.interestedParty", "权益人未披露（" + ip.path("reason").asText("") + "）");
        }
        String party = ref(ip, "recordDetails.interestedParty");
        boolean closed = "closed".equals(text(s, "recordStatus"));
        Double equity = null;
        Double voting = null;
        boolean direct = false;
        boolean notBeneficial = false;
        LocalDate start = null;
        List<String> components = new ArrayList<>();
        d.path("componentRecords").forEach(c -> components.add(c.asText()));
        for (JsonNode i : d.path("interests")) {
            String type = text(i, "type");
            String dir = i.path("directOrIndirect").asText("unknown");
            Double exact = share(i, "exact");
            Double min = exact != null ? exact : first(share(i, "minimum"), share(i, "exclusiveMinimum"));
            Double max = exact != null ? exact : first(share(i, "maximum"), share(i, "exclusiveMaximum"));
            LocalDate from = date(i, "startDate");
            boolean beneficial = i.path("beneficialOwnershipOrControl").asBoolean(false);
            batch.interest(file, n, new DeclaredInterest(party, subject, type, dir, min, max, beneficial, from,
                    components, src));
            nominees.interest(party, subject, type, beneficial, components);
            boolean declaredNot = i.path("beneficialOwnershipOrControl").isBoolean() && !beneficial;
            if ("direct".equals(dir) && ("shareholding".equals(type) || "votingRights".equals(type))) {
                notBeneficial |= declaredNot;
            }
            if ("direct".equals(dir) && "shareholding".equals(type)) {
                direct = true;
                equity = exact;
                start = from;
            } else if ("direct".equals(dir) && "votingRights".equals(type)) {
                direct = true;
                voting = exact;
            } else if ("unknown".equals(dir) && type == null) {
                direct = true;
            }
        }
        if (direct) {
            LocalDate end = closed ? src.date() : null;
            nominees.direct(new Nominees.Direct(n, text(s, "recordId"), party, subject, equity, voting, start, end, src,
                    notBeneficial));
        }
    }

    private String ref(JsonNode node, String field) {
        String id = ids.get(node.asText());
        if (id == null) {
            throw new Loader.RowError(field, "引用了本文件中不存在的记录：" + node.asText());
        }
        return id;
    }

    private static Double share(JsonNode i, String key) {
        JsonNode v = i.path("share").path(key);
        if (!v.isNumber()) {
            return null;
        }
        double d = v.asDouble();
        if (d < 0 || d > 100) {
            throw new Loader.RowError("interests.share." + key, "比例须在 0–100 之间，实为 " + d);
        }
        return d / 100;
    }

    private static Double first(Double a, Double b) {
        return a != null ? a : b;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static LocalDate date(JsonNode n, String key) {
        String v = text(n, key);
        if (v == null) {
            return null;
        }
        try {
            String day = v.length() > 10 && v.charAt(10) == 'T' ? v.substring(0, 10) : v;
            return LocalDate.parse(day.length() == 7 ? day + "-01" : day.length() == 4 ? day + "-01-01" : day);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Loader.RowError(key, "日期格式错误：" + v);
        }
    }
}
