package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Role;
import io.javalin.security.RouteRole;
import java.util.Set;

/** Who may call a route. Every route declares exactly one of these. */
enum Access implements RouteRole {
    PUBLIC(Set.of()),
    ANY_ROLE(Set.of(Role.values())),
    ADMIN(Set.of(Role.ADMIN)),
    /** Running dialogs and scenarios: operators, supervisors and admins, not researchers. */
    DIALOG(Set.of(Role.ADMIN, Role.OPERATOR, Role.SUPERVISOR)),
    /** Research settings (thresholds, report sources): researchers and admins. */
    RESEARCH(Set.of(Role.ADMIN, Role.RESEARCHER)),
    /** The tenant's models and their annotation: supervisors and admins. */
    MODELS(Set.of(Role.ADMIN, Role.SUPERVISOR));

    final Set<Role> roles;

    Access(Set<Role> roles) {
        this.roles = roles;
    }
}
