package dev.zhiyu.server.reports;

import dev.zhiyu.reports.delivery.SmtpSettings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Server settings of the report pipeline.
 *
 * @param inboxScanSeconds how often each tenant's drop folder is scanned (0: never)
 * @param fetchHosts       the only hosts report URLs may be fetched from (the disclosure sites), so a tenant cannot
 *                         make the server fetch internal addresses
 * @param smtp             SMTP relay for e-mail subscriptions; an empty host: e-mail deliveries are logged as not configured
 * @param devPdfs          sample report PDFs whose harvested pairs every reasons-matcher version is also measured on;
 *                         null: none
 */
public record ReportSettings(boolean review, int inboxScanSeconds, Set<String> fetchHosts, SmtpSettings smtp,
                             Path devPdfs) {

    public static final String DEFAULT_FETCH_HOSTS =
            "static.cninfo.com.cn,www.cninfo.com.cn,static.sse.com.cn,www.sse.com.cn,disc.szse.cn,www.szse.cn";

    public static Set<String> hosts(String csv) {
        return Arrays.stream(csv.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static ReportSettings defaults() {
        return new ReportSettings(false, 0, hosts(DEFAULT_FETCH_HOSTS), SmtpSettings.relay("", 25, "zhiyu@localhost"),
                null);
    }
}
