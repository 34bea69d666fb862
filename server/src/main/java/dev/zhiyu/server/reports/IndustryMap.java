package dev.zhiyu.server.reports;

import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tenant's industry → stock codes mapping (uploaded as CSV {@code code,industry}); industry subscriptions cover the
 * codes their industry maps to in the subscriber's own tenant. An upload replaces the whole mapping in one transaction.
 */
public final class IndustryMap {
    public static final int MAX_ROWS = 50_000;
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    /** A CSV line that cannot be read: {@code line} is 1-based. */
    public static final class BadCsv extends IllegalArgumentException {
        public final int line;

        BadCsv(int line, String message) {
            super("第 " + line + " 行：" + message);
            this.line = line;
        }
    }

    private final Jdbi jdbi;

    public IndustryMap(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Parses {@code code,industry} lines (UTF-8, optional BOM, optional header line {@code code,industry} or
     * {@code 代码,行业}, blank lines skipped; a code may belong to several industries).
     */
    public static Map<String, Set<String>> parse(String csv) {
        Map<String, Set<String>> out = new TreeMap<>();
        String[] lines = csv.replace("\uFEFF", "").split("\r?\n", -1);
        int rows = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("[,，]", -1);
            if (i == 0 && f.length == 2 && !CODE.matcher(f[0].trim()).matches()
                    && f[0].trim().toLowerCase(java.util.Locale.ROOT).matches("code|stock_code|代码|股票代码")) continue;
            if (f.length != 2) throw new BadCsv(i + 1, "应为“股票代码,行业”两列，实际 " + f.length + " 列");
            String code = f[0].trim().replace("\"", "");
            String industry = f[1].trim().replace("\"", "");
            if (!CODE.matcher(code).matches()) throw new BadCsv(i + 1, "股票代码应为六位数字：" + code);
            if (industry.isEmpty() || industry.length() > 100) throw new BadCsv(i + 1, "行业名称应为 1–100 个字符");
            if (++rows > MAX_ROWS) throw new BadCsv(i + 1, "最多 " + MAX_ROWS + " 行");
            out.computeIfAbsent(industry, k -> new LinkedHashSet<>()).add(code);
        }
        if (rows == 0) throw new BadCsv(1, "没有数据行");
        return out;
    }

    /** Replaces the tenant's mapping. */
    public void replace(Map<String, Set<String>> mapping, String by) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM report_industry_codes").execute();
            var b = h.prepareBatch("INSERT INTO report_industry_codes (industry, stock_code, updated_at, updated_by) VALUES (?, ?, ?, ?)");
            mapping.forEach((industry, codes) -> codes.forEach(c -> b.add(industry, c, now, by.length() > 200 ? by.substring(0, 200) : by)));
            if (b.size() > 0) b.execute();
        });
    }

    /** The whole mapping, industries and codes sorted. */
    public Map<String, Set<String>> all() {
        Map<String, Set<String>> out = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT industry, stock_code FROM report_industry_codes ORDER BY industry, stock_code")
                .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2)))
                .forEach(r -> out.computeIfAbsent(r.get(0), k -> new LinkedHashSet<>()).add(r.get(1))));
        return out;
    }

    /** The codes the tenant maps to {@code industry} (empty when the industry is unknown). */
    public Set<String> codes(String industry) {
        return jdbi.withHandle(h -> new LinkedHashSet<>(h.createQuery("SELECT stock_code FROM report_industry_codes WHERE industry = :i "
                + "ORDER BY stock_code").bind("i", industry).mapTo(String.class).list()));
    }
}
