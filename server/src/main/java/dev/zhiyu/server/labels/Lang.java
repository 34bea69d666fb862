package dev.zhiyu.server.labels;

import java.util.Locale;

/** The languages the console and the server's messages speak; Chinese unless English is asked for. */
public enum Lang {
    ZH, EN;

    /**
     * The language of a request: an explicit choice ({@code lang=en}, the console's {@code X-Zhiyu-Lang}) first, else
     * the first of Accept-Language's languages that is Chinese or English.
     */
    public static Lang of(String explicit, String acceptLanguage) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.strip().toLowerCase(Locale.ROOT).startsWith("en") ? EN : ZH;
        }
        if (acceptLanguage == null) {
            return ZH;
        }
        for (Locale.LanguageRange range : parse(acceptLanguage)) {
            String tag = range.getRange().toLowerCase(Locale.ROOT);
            if (tag.startsWith("zh")) {
                return ZH;
            }
            if (tag.startsWith("en")) {
                return EN;
            }
        }
        return ZH;
    }

    private static java.util.List<Locale.LanguageRange> parse(String header) {
        try {
            return Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            return java.util.List.of();
        }
    }
}
