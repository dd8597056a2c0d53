package io.shaozi.core.admin;

import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Ticket;
import java.util.Objects;

/** Who is calling the admin API, as established from the bearer token. */
record Principal(Actor actor) {
    Principal {
        Objects.requireNonNull(actor, "actor");
    }

    Role role() {
        return actor.role();
    }

    boolean street() {
        return role() == Role.ADMIN || role() == Role.LEADER || role() == Role.STREET_CADRE;
    }

    /** May this caller see this ticket? Department staff: their department's (handling or summoned); community and
     * grid workers: their community's; street roles: all; residents and Party members: none through this API. */
    boolean sees(Ticket t) {
        return switch (role()) {
            case ADMIN, LEADER, STREET_CADRE, SYSTEM -> true;
            case DEPARTMENT_STAFF -> actor.department().isPresent() && (t.department().equals(actor.department())
                    || t.summonsOf(actor.department().get()).isPresent()
                    || t.returns().stream().anyMatch(r -> r.department().equals(actor.department().get())));
            case COMMUNITY_WORKER, GRID_WORKER -> actor.community().isPresent() && t.community().equals(actor.community());
            case RESIDENT, MEMBER, SECRETARY -> false;
        };
    }
}
