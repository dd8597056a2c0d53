package io.shaozi.core.ticket;

import io.shaozi.core.identity.Org;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link Directory} over the current organisation snapshot (it may be edited through the API). */
public final class OrgDirectory implements Directory {
    private final Supplier<Org> org;

    public OrgDirectory(Supplier<Org> org) {
        this.org = Objects.requireNonNull(org, "org");
    }

    public static OrgDirectory of(Org org) {
        return new OrgDirectory(() -> org);
    }

    @Override
    public boolean departmentExists(String code) {
        return org.get().department(code).isPresent();
    }

    @Override
    public boolean communityExists(String code) {
        return org.get().community(code).isPresent();
    }

    @Override
    public Optional<Route> route(String category, Optional<String> subcategory, String place, Optional<String> community) {
        Org o = org.get();
        Optional<String> c = community.filter(this::communityExists).or(() -> o.communityOf(place).map(Org.Community::code));
        return o.owner(category, subcategory).map(d -> new Route(d.code(), c));
    }

    @Override
    public Optional<String> communityOf(String place) {
        return org.get().communityOf(place).map(Org.Community::code);
    }

    @Override
    public Optional<String> departmentNamedIn(String text) {
        for (Org.Department d : org.get().departments()) {
            String n = d.name();
            String shortName = n.startsWith("街道") && n.length() > 4 ? n.substring(2) : n;
            if (text.contains(n) || text.contains(shortName)) {
                return Optional.of(d.code());
            }
        }
        return Optional.empty();
    }

    @Override
    public String name(String code) {
        return code.isEmpty() ? "" : org.get().name(code);
    }
}
