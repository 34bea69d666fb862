package dev.zhiyu.server.platform;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user or API key may do inside its tenant. */
public enum Role {
    ADMIN, OPERATOR, SUPERVISOR, RESEARCHER;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
