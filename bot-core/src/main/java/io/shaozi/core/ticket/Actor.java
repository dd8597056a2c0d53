package io.shaozi.core.ticket;

import io.shaozi.core.identity.Role;
import java.util.Objects;
import java.util.Optional;

/**
 * Who acts on a ticket. For residents {@code id} is the reporter key ({@code channel:account:user}); for staff the
 * person id from the organisation; {@code department} is set for department staff, {@code community} for
 * community and grid workers.
 */
public record Actor(String id, String name, Role role, Optional<String> department, Optional<String> community) {
    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(community, "community");
    }

    private static final Actor SYSTEM = new Actor("system", "系统", Role.SYSTEM, Optional.empty(), Optional.empty());

    public static Actor system() {
        return SYSTEM;
    }

    public static Actor resident(Reporter r) {
        return new Actor(r.key(), r.name().isEmpty() ? "居民" : r.name(), Role.RESIDENT, Optional.empty(), Optional.empty());
    }

    public static Actor staff(String id, String name, Role role, String department) {
        return new Actor(id, name, role, Optional.of(department), Optional.empty());
    }

    public static Actor of(String id, String name, Role role) {
        return new Actor(id, name, role, Optional.empty(), Optional.empty());
    }

    boolean inDepartment(String dept) {
        return department.isPresent() && department.get().equals(dept);
    }
}
