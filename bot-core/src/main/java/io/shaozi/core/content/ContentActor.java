package io.shaozi.core.content;

import io.shaozi.core.identity.Role;
import java.util.Objects;

/** Who acts on a content item (a person id, name and role, as authenticated by the admin API). */
public record ContentActor(String id, String name, Role role) {
    public ContentActor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** May approve and reject submitted items, and send emergency items at once. */
    public boolean approver() {
        return role == Role.ADMIN || role == Role.LEADER || role == Role.STREET_CADRE;
    }
}
