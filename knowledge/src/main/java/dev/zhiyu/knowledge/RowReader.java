package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one table row (column → text, from CSV or JSON) into a fact; every problem is a {@link Loader.RowError} naming
 * the column. Shares are written in percent (0–100, optional % sign); {@code unknown}/{@code 未知} = held, share unknown.
 */
final class RowReader {
    static final Map<String, List<String>> COLUMNS = Map.of(
            "entities", List.of("kind", "code", "name", "former_names", "status", "region", "industry",
                    "registered_capital", "listing_code", "source", "source_date"),
            "shareholdings", List.of("holder", "company", "equity_pct", "voting_pct", "subscribed_capital",
                    "start_date", "end_date", "source", "source_date"),
            "officers", List.of("person", "company", "role", "nominated_by", "source", "source_date"),
            "guarantees", List.of("guarantor", "debtor", "amount", "kind", "start_date", "source", "source_date"),
            "events", List.of("company", "type", "date", "title", "source", "source_date"),
            "products", List.of("code", "name", "parent", "chains", "source", "source_date"),
            "product_links", List.of("upstream", "downstream", "source", "source_date"),
            "company_products", List.of("company", "product", "weight_pct", "source", "source_date"),
            "supplies", List.of("supplier", "customer", "product", "source", "source_date"),
            "concerts", List.of("company", "parties", "source", "source_date"));
    private static final Set<String> UNKNOWN = Set.of("unknown", "未知", "不详");

    private final Map<String, String> row;
    private final String file;

    RowReader(Map<String, String> row, String file) {
        this.row = row;
        this.file = file;
    }

    /** Reads one row of {@code table} into the batch, or records why not. */
    static void read(String table, String file, long line, Map<String, String> row, FactBatch b) {
        RowReader r = new RowReader(row, file);
        try {
            switch (table) {
                case "entities" -> b.entity(file, line, r.entity());
                case "shareholdings" -> b.shareholding(file, line, r.shareholding());
                case "officers" -> b.officer(file, line, new Officer(r.req("person"), r.req("company"),
                        r.role(), r.opt("nominated_by"), r.source()));
                case "guarantees" -> b.guarantee(file, line, new Guarantee(r.req("guarantor"), r.req("debtor"),
                        r.number("amount"), "pledge".equalsIgnoreCase(r.opt("kind")) || "质押".equals(r.opt("kind")),
                        r.date("start_date"), r.source()));
                case "events" -> b.event(file, line, new Event(r.req("company"), r.req("type"), r.requiredDate("date"),
                        r.opt("title"), r.source()));
                case "products" -> b.product(file, line, new Product(r.req("code"), r.req("name"), r.list("parent"),
                        r.list("chains"), r.source()));
                case "product_links" -> b.productLink(file, line, new ProductLink(r.req("upstream"), r.req("downstream"),
                        r.source()));
                case "company_products" -> b.produces(file, line, new Produces(r.req("company"), r.req("product"),
                        r.pct("weight_pct", false), r.source()));
                case "supplies" -> b.supply(file, line, new Supply(r.req("supplier"), r.req("customer"), r.opt("product"),
                        r.source()));
                case "concerts" -> b.concert(file, line, new ConcertAgreement(r.req("company"), r.list("parties"), r.source()));
                default -> throw new Loader.RowError(null, "未知的表：" + table);
            }
        } catch (Loader.RowError e) {
            b.reject(new BadRow(file, line, e.field, e.getMessage()));
        }
    }

    private Entity entity() {
        EntityKind kind;
        try {
            kind = EntityKind.parse(req("kind"));
        } catch (IllegalArgumentException e) {
            throw new Loader.RowError("kind", e.getMessage());
        }
        String name = req("name");
        String code = opt("code");
        Map<String, String> attrs = new HashMap<>();
        put(attrs, "status", "status");
        put(attrs, "region", "region");
        put(attrs, "industry", "industry");
        put(attrs, "registeredCapital", "registered_capital");
        put(attrs, "listingCode", "listing_code");
        if (attrs.containsKey("registeredCapital")) {
            number("registered_capital");
        }
        if (PersonIds.isIdCard(code)) {
            if (kind != EntityKind.PERSON) {
                throw new Loader.RowError("code", "身份证号只能用于自然人");
            }
            attrs.put("maskedId", PersonIds.masked(code));
            code = PersonIds.pseudonym(code);
        }
        return new Entity(code != null ? code : Names.nameKey(name), kind, name, list("former_names"), attrs, source());
    }

    private void put(Map<String, String> attrs, String key, String column) {
        String v = opt(column);
        if (v != null) {
            attrs.put(key, v);
        }
    }

    private Shareholding shareholding() {
        Double equity = pct("equity_pct", true);
        Double voting = pct("voting_pct", false);
        return new Shareholding(req("holder"), req("company"), equity, voting, number("subscribed_capital"),
                date("start_date"), date("end_date"), source());
    }

    private OfficerRole role() {
        try {
            return OfficerRole.parse(req("role"));
        } catch (IllegalArgumentException e) {
            throw new Loader.RowError("role", e.getMessage());
        }
    }

    String opt(String column) {
        String v = row.get(column);
        return v == null || v.isBlank() ? null : v.trim();
    }

    String req(String column) {
        String v = opt(column);
        if (v == null) {
            throw new Loader.RowError(column, "不能为空");
        }
        return v;
    }

    private Double pct(String column, boolean required) {
        String v = opt(column);
        if (v == null) {
            if (required) {
                throw new Loader.RowError(column, "缺少持股比例（未披露请写 unknown）");
            }
            return null;
        }
        if (UNKNOWN.contains(v.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
        } catch (NumberFormatException e) {
            throw new Loader.RowError(column, "不是数字：“" + v + "”");
        }
        if (!(d >= 0 && d <= 100)) {
            throw new Loader.RowError(column, "比例须在 0–100 之间，实为 " + v);
        }
        return d / 100;
    }

    Double number(String column) {
        String v = opt(column);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.replace(",", ""));
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new Loader.RowError(column, "不能为负数或非有限值：" + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new Loader.RowError(column, "不是数字：“" + v + "”");
        }
    }

    LocalDate date(String column) {
        String v = opt(column);
        if (v == null) {
            return null;
        }
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ofPattern("yyyy/M/d"),
                DateTimeFormatter.BASIC_ISO_DATE)) {
            try {
                return LocalDate.parse(v, f);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        throw new Loader.RowError(column, "日期格式应为 yyyy-MM-dd：“" + v + "”");
    }

    private LocalDate requiredDate(String column) {
        req(column);
        return date(column);
    }

    private List<String> list(String column) {
        String v = opt(column);
        return v == null ? List.of() : Arrays.stream(v.split("[|｜]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Provenance source() {
        String s = opt("source");
        return new Provenance(s != null ? s : file, date("source_date"));
    }
}
