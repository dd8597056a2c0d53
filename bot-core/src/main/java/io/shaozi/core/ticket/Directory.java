package io.shaozi.core.ticket;

import java.util.Optional;

/** What the ticket domain needs to know about the organisation (implemented over {@code identity.Org}). */
public interface Directory {

    /** Where a request goes (属地 + 权责清单). */
    record Route(String department, Optional<String> community) {
    }

    boolean departmentExists(String code);

    boolean communityExists(String code);

    /** Department for a category (subcategory first) and the community of the place. Empty: dispatch by hand. */
    Optional<Route> route(String category, Optional<String> subcategory, String place, Optional<String> community);

    /** Community whose area contains the place, if any. */
    Optional<String> communityOf(String place);

    /** The department a text names (full name, or without the 街道 prefix), e.g. in a praise letter. */
    default Optional<String> departmentNamedIn(String text) {
        return Optional.empty();
    }

    /** Display name of a department or community code (the code itself when unknown). */
    String name(String code);
}
