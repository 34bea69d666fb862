package dev.zhiyu.reports.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Webhook signatures: header {@code X-Zhiyu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. The
 * timestamp inside the MAC lets receivers reject replays; verification compares in constant time.
 */
public final class WebhookSigner {
    public static final String HEADER = "X-Zhiyu-Signature";

    private WebhookSigner() {
    }

    public static String sign(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    public static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
        if (header == null) return false;
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                try {
                    t = Long.parseLong(part.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (part.startsWith("v1=")) v1 = part.substring(3);
        }
        if (t < 0 || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
        return MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII),
                hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII));
    }

    static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
