package dev.zhiyu.server.platform;

/**
 * Who is calling: always bound to exactly one tenant, derived from the credential itself.
 *
 * @param credentialId the API key id or the user id, depending on {@code kind}
 */
public record Principal(Tenant tenant, Role role, Kind kind, long credentialId, String name) {

    public enum Kind { API_KEY, SESSION }

    /** The metering and audit name of the credential, e.g. {@code key:12} or {@code user:3}. */
    public String consumer() {
        return (kind == Kind.API_KEY ? "key:" : "user:") + credentialId;
    }
}
