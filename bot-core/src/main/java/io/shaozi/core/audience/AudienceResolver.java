package io.shaozi.core.audience;

import io.shaozi.core.content.ContentKind;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Resolves an {@link Audience} to recipients. People of the organisation come from the org (small, in memory);
 * residents are streamed from the store page by page, so memory stays proportional to the organisation, not to
 * the number of residents. A resident whose address is also a person's is reached once (as the person).
 * Residents who replied 退订 are left out, unless the content is an emergency and
 * {@code push.unsubscribedGetEmergency} is on.
 */
public final class AudienceResolver {
    private final ResidentStore residents;
    private final Supplier<Org> org;
    private final boolean unsubscribedGetEmergency;

    public AudienceResolver(ResidentStore residents, Supplier<Org> org, boolean unsubscribedGetEmergency) {
        this.residents = residents;
        this.org = org;
        this.unsubscribedGetEmergency = unsubscribedGetEmergency;
    }

    /** What is wrong with the audience (unknown codes, an empty audience), each naming the field; empty = fine. */
    public List<String> problems(Audience a) {
        Org o = org.get();
        List<String> out = new ArrayList<>();
        if (a.empty()) {
            out.add("audience is empty: give residents, members, staff or people");
        }
        a.communities().stream().sorted().filter(c -> o.community(c).isEmpty())
                .forEach(c -> out.add("residents.communities: unknown community '" + c + "'"));
        a.branches().stream().sorted().filter(b -> o.branch(b).isEmpty())
                .forEach(b -> out.add("members.branches: unknown branch '" + b + "'"));
        a.departments().stream().sorted().filter(d -> o.department(d).isEmpty())
                .forEach(d -> out.add("staff.departments: unknown department '" + d + "'"));
        a.roles().stream().filter(r -> !r.staff()).sorted()
                .forEach(r -> out.add("staff.roles: '" + r.name().toLowerCase(java.util.Locale.ROOT)
                        + "' is not a staff role"));
        a.people().stream().filter(p -> o.person(p).filter(Org.Person::active).isEmpty())
                .forEach(p -> out.add("people: unknown person '" + p + "'"));
        return out;
    }

    /** The people of the organisation the audience names (active ones), in org order. */
    public List<Org.Person> people(Audience a) {
        Org o = org.get();
        Set<String> named = Set.copyOf(a.people());
        List<Org.Person> out = new ArrayList<>();
        for (Org.Person p : o.people()) {
            if (!p.active()) {
                continue;
            }
            boolean member = p.branch().isPresent() || p.role().partyMember();
            boolean in = named.contains(p.id())
                    || member && (a.allMembers() || p.branch().filter(a.branches()::contains).isPresent())
                    || p.role().staff() && (a.roles().contains(p.role())
                            || p.department().filter(a.departments()::contains).isPresent());
            if (in) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every recipient once: the people's addresses first, then the residents (streamed). */
    public void forEach(Audience a, ContentKind kind, Consumer<Recipient> each) {
        forEachTarget(a, kind, t -> each.accept(t.to()));
    }

    /**
     * Every recipient once, with what reports group by (person, community, branch): the people first, then the
     * residents (streamed, with the community of the directory).
     */
    public void forEachTarget(Audience a, ContentKind kind, Consumer<Target> each) {
        Map<Recipient, Org.Person> reached = reachable(a, new ArrayList<>());
        reached.forEach((r, p) -> each.accept(new Target(r, Optional.of(p.id()), p.community(), p.branch())));
        Set<Recipient> seen = reached.keySet();
        boolean withUnsubscribed = kind == ContentKind.EMERGENCY && unsubscribedGetEmergency;
        java.util.function.Consumer<Resident> residentOnce = res -> {
            Recipient r = new Recipient(res.channel(), res.account(), res.user());
            if (!seen.contains(r)) {
                each.accept(new Target(r, Optional.empty(), res.community(), Optional.empty()));
            }
        };
        if (a.allResidents()) {
            residents.forEachResident(Optional.empty(), withUnsubscribed, residentOnce);
        } else {
            for (String c : new java.util.TreeSet<>(a.communities())) {
                residents.forEachResident(Optional.of(c), withUnsubscribed, residentOnce);
            }
        }
    }

    /** The size of the audience before anything is sent (same walk as {@link #forEach}, counting only). */
    public AudienceSize size(Audience a, ContentKind kind) {
        // people: walked (the organisation is small); residents: counted by the database per channel, minus those
        // who are also one of these people (reached once, as the person)
        Map<String, Long> byChannel = new TreeMap<>();
        List<String> unreachable = new ArrayList<>();
        Set<Recipient> seen = reachable(a, unreachable).keySet();
        long people = seen.size();
        seen.forEach(r -> byChannel.merge(r.channel(), 1L, Long::sum));
        boolean withUnsubscribed = kind == ContentKind.EMERGENCY && unsubscribedGetEmergency;
        long residentsCount = 0;
        List<Optional<String>> parts = a.allResidents() ? List.of(Optional.empty())
                : new java.util.TreeSet<>(a.communities()).stream().map(Optional::of).toList();
        for (Optional<String> community : parts) {
            for (Map.Entry<String, Long> e : residents.countByChannel(community, withUnsubscribed).entrySet()) {
                byChannel.merge(e.getKey(), e.getValue(), Long::sum);
                residentsCount += e.getValue();
            }
        }
        if (residentsCount > 0) {
            for (Recipient r : seen) {
                Optional<Resident> res = residents.find(r.channel(), r.account(), r.address());
                boolean counted = res.isPresent() && (withUnsubscribed || res.get().subscribed())
                        && (a.allResidents() || res.get().community().filter(a.communities()::contains).isPresent());
                if (counted) {
                    residentsCount--;
                    byChannel.merge(r.channel(), -1L, Long::sum);
                }
            }
        }
        return new AudienceSize(people + residentsCount, byChannel, residentsCount, people, unreachable);
    }

    /**
     * The people of the audience reached at an alert address, by address (the first person of each address, in org
     * order); those without one are added to {@code unreachable}.
     */
    private Map<Recipient, Org.Person> reachable(Audience a, List<String> unreachable) {
        Map<Recipient, Org.Person> out = new java.util.LinkedHashMap<>();
        for (Org.Person p : people(a)) {
            Optional<Org.Notify> n = p.alerts();
            if (n.isEmpty()) {
                unreachable.add(p.id());
                continue;
            }
            out.putIfAbsent(new Recipient(n.get().channel(), n.get().account(), n.get().recipient()), p);
        }
        return out;
    }
}
