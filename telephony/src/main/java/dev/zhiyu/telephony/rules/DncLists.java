package dev.zhiyu.telephony.rules;

import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A tenant's do-not-call list: bulk adds from a JSON list or a CSV file (numbers normalised to E.164 with
 * libphonenumber, a per-row error report), listing with the source of each entry (the tenant's DNC list, or an
 * opt-out captured in a call), removal. The list lives in the tenant's own database, so no tenant sees another's.
 */
public final class DncLists {
    /** Most numbers one request may add. */
    public static final int MAX_ROWS = 100_000;
    private static final Set<String> PHONE_HEADERS = Set.of("手机号", "手机", "电话", "号码", "手机号码", "电话号码", "phone", "mobile", "number", "tel");

    /** One number to add, where it came from ({@code row} 1-based, {@code field} names it in the request). */
    public record Entry(long row, String field, String raw) {
    }

    public record RowError(long row, String field, String message) {
    }

    /** What a bulk add did. */
    public record Report(long rows, long added, long duplicates, long rejected, List<RowError> errors) {
    }

    /** A listed number with its source label. */
    public record View(String phone, String kind, String source, String reason, String at) {
        static View of(ContactRules.Blocked b) {
            return new View(b.phone(), b.kind(), "dnc".equals(b.kind()) ? "免打扰名单" : "通话中拒绝/退订", b.reason(),
                    b.at() == null ? null : b.at().toString());
        }
    }

    private DncLists() {
    }

    /** Entries from a JSON list of numbers: field {@code numbers[i]}. */
    public static List<Entry> fromList(List<String> numbers) {
        if (numbers == null || numbers.isEmpty()) {
            throw TelephonyException.invalid("numbers", "请提供至少一个号码");
        }
        if (numbers.size() > MAX_ROWS) {
            throw TelephonyException.invalid("numbers", "一次最多添加 " + MAX_ROWS + " 个号码");
        }
        List<Entry> out = new ArrayList<>(numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            out.add(new Entry(i + 1, "numbers[" + i + "]", numbers.get(i)));
        }
        return out;
    }

    /**
     * Entries from a CSV: the column headed 手机号/电话/号码/phone… if the first row is a header, else the first
     * column; {@code row} is the line's record number in the file.
     */
    public static List<Entry> fromCsv(Reader in) {
        List<Entry> out = new ArrayList<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get().parse(in)) {
            int col = 0;
            boolean first = true;
            for (CSVRecord r : p) {
                if (first) {
                    first = false;
                    int header = headerColumn(r);
                    if (header >= 0) {
                        col = header;
                        continue;
                    }
                    if (!r.get(0).matches(".*\\d.*")) {
                        throw TelephonyException.invalid("file", "第 1 行像表头，但没有号码列（手机号、电话、号码、phone…）");
                    }
                }
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (out.size() >= MAX_ROWS) {
                    throw TelephonyException.invalid("file", "一次最多添加 " + MAX_ROWS + " 个号码（未添加任何号码）");
                }
                out.add(new Entry(r.getRecordNumber(), "phone", col < r.size() ? r.get(col) : ""));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw TelephonyException.invalid("file", "CSV 无法解析：" + e.getMessage());
        }
        if (out.isEmpty()) {
            throw TelephonyException.invalid("file", "文件中没有号码");
        }
        return out;
    }

    private static int headerColumn(CSVRecord r) {
        for (int i = 0; i < r.size(); i++) {
            if (PHONE_HEADERS.contains(r.get(i).strip().replace("\ufeff", "").toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    /** Normalises every entry, adds the valid ones, reports the rest row by row; at most 1,000 errors are listed. */
    public static Report add(ContactRules store, String region, List<Entry> entries, String reason) {
        if (reason != null && reason.length() > 200) {
            throw TelephonyException.invalid("reason", "不能超过 200 个字符");
        }
        long added = 0;
        long duplicates = 0;
        long rejected = 0;
        List<RowError> errors = new ArrayList<>();
        for (Entry e : entries) {
            PhoneNumbers.Parsed p = PhoneNumbers.parse(e.raw(), region);
            if (!p.ok()) {
                rejected++;
                if (errors.size() < 1000) {
                    errors.add(new RowError(e.row(), e.field(), "第 " + e.row() + " 行：" + p.error()));
                }
            } else if (store.addToDnc(p.e164(), reason)) {
                added++;
            } else {
                duplicates++;
            }
        }
        return new Report(entries.size(), added, duplicates, rejected, List.copyOf(errors));
    }

    /** {@code kind} null (all), {@code dnc} or {@code opt_out}. */
    public static List<View> list(ContactRules store, String kind, int offset, int limit) {
        if (kind != null && !kind.equals("dnc") && !kind.equals("opt_out")) {
            throw TelephonyException.invalid("kind", "应为 dnc（免打扰名单）或 opt_out（通话中拒绝/退订）");
        }
        return store.blockedNumbers(kind, offset, limit).stream().map(View::of).toList();
    }

    /** Removes one number (given in any form libphonenumber understands); returns its E.164 form. */
    public static String remove(ContactRules store, String region, String phone) {
        PhoneNumbers.Parsed p = PhoneNumbers.parse(phone, region);
        if (!p.ok()) {
            throw TelephonyException.invalid("phone", p.error());
        }
        if (!store.unblock(p.e164())) {
            throw TelephonyException.notFound("免打扰名单中没有 " + p.e164());
        }
        return p.e164();
    }

    /** Confirms ({@code confirm}) or rejects ({@code reject}) a pending opt-out; returns its E.164 form. */
    public static String review(ContactRules store, String region, String phone, String decision, String reviewer,
                                java.time.Instant at) {
        return review(store, region, phone, decision, reviewer, null, at);
    }

    /** {@code note} is the reviewer's reason (at most 200 characters kept), or null. */
    public static String review(ContactRules store, String region, String phone, String decision, String reviewer,
                                String note, java.time.Instant at) {
        if (!"confirm".equals(decision) && !"reject".equals(decision)) {
            throw TelephonyException.invalid("decision", "应为 confirm（确认，加入免打扰名单）或 reject（驳回，可再次拨打）");
        }
        PhoneNumbers.Parsed p = PhoneNumbers.parse(phone, region);
        if (!p.ok()) {
            throw TelephonyException.invalid("phone", p.error());
        }
        if (!store.reviewOptOut(p.e164(), "confirm".equals(decision), reviewer, note, at)) {
            throw TelephonyException.notFound("没有待审核的退订号码 " + p.e164());
        }
        return p.e164();
    }
}
