package io.shaozi.core.audience;

import io.shaozi.core.identity.Role;
import java.util.List;
import java.util.Set;

/**
 * Who a push goes to: residents (all, or by community), Party members (all, or by branch), staff (by department or
 * role) and named people, combined as a union; each recipient is counted and reached once. An empty part adds
 * nobody.
 *
 * @param allResidents  every resident (then {@code communities} is redundant)
 * @param communities   residents whose community is one of these
 * @param allMembers    every Party member (a person with a branch, or whose role is {@code member})
 * @param branches      members of these branches
 * @param departments   staff of these departments
 * @param roles         staff with one of these roles
 * @param people        these people, by id
 */
public record Audience(boolean allResidents, Set<String> communities, boolean allMembers, Set<String> branches,
                       Set<String> departments, Set<Role> roles, List<String> people) {
    public Audience {
        communities = Set.copyOf(communities);
        branches = Set.copyOf(branches);
        departments = Set.copyOf(departments);
        roles = Set.copyOf(roles);
        people = List.copyOf(people);
    }

    /** True when no part names anyone. */
    public boolean empty() {
        return !allResidents && communities.isEmpty() && !allMembers && branches.isEmpty() && departments.isEmpty()
                && roles.isEmpty() && people.isEmpty();
    }
}
