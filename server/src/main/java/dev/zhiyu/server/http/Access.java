package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Role;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of roles a route admits. Which route gets which is decided in {@link RoleMatrix}. A role passed when a route
 * is registered is only a stop-gap for a route the matrix does not list yet (RoleMatrixTest fails on such a route).
 */
enum Access implements RouteRole {
    /** No credential needed (sign-in, health, metrics, the OpenAPI document). */
    PUBLIC(EnumSet.noneOf(Role.class)),
    ANY_ROLE(EnumSet.allOf(Role.class)),
    ADMIN(EnumSet.of(Role.ADMIN)),
    /** Running calls and dialogs: operators, supervisors and admins, not researchers. */
    DIALOG(EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.SUPERVISOR)),
    /** Deciding for the call centre (take a call over, confirm opt-outs, change the customer-facing scenario). */
    SUPERVISION(EnumSet.of(Role.ADMIN, Role.SUPERVISOR)),
    /** Research: flash-news review, subscriptions, thresholds, report sources, explanation judgments. */
    RESEARCH(EnumSet.of(Role.ADMIN, Role.RESEARCHER)),
    /** The tenant's models and their annotation: supervisors and admins. */
    MODELS(EnumSet.of(Role.ADMIN, Role.SUPERVISOR));

    final Set<Role> roles;

    Access(Set<Role> roles) {
        this.roles = Set.copyOf(roles);
    }

    boolean admits(Role role) {
        return roles.contains(role);
    }

    /** The roles in Chinese for messages, e.g. "管理员、研究员". */
    String names() {
        return names(roles);
    }

    static String names(Set<Role> roles) {
        return Arrays.stream(Role.values()).filter(roles::contains).map(Access::chinese).collect(Collectors.joining("、"));
    }

    static String chinese(Role role) {
        return switch (role) {
            case ADMIN -> "管理员";
            case OPERATOR -> "运营";
            case SUPERVISOR -> "坐席主管";
            case RESEARCHER -> "研究员";
        };
    }
}
