package io.shaozi.core.ticket;

import io.shaozi.core.identity.DutyRoster;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.Role;
import io.shaozi.nlp.Urgency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Who each step of the alert ladder reaches, from the organisation and the duty roster. */
final class AlertTargets {
    /** One recipient: a person id or unit code, the name people read, and where the message goes. */
    record Target(String who, String name, Org.Notify address) {
    }

    /** A phone to text: the person and their number. */
    record Phone(String who, String name, String phone) {
    }

    private AlertTargets() {
    }

    /** The department's staff (active) who are on duty at {@code at} (all of them without a roster or nobody on). */
    static List<Org.Person> staff(Org org, String department, DutyRoster roster, Instant at) {
        List<Org.Person> all = org.people().stream().filter(Org.Person::active)
                .filter(p -> p.role().staff() && p.department().filter(department::equals).isPresent()).toList();
        Optional<Set<String>> duty = roster.onDuty(department, at);
        if (duty.isPresent() && !duty.get().isEmpty()) {
            List<Org.Person> on = all.stream().filter(p -> duty.get().contains(p.id())).toList();
            if (!on.isEmpty()) {
                return on;
            }
        }
        return all;
    }

    /** Step 1: the department's address (the street's without one), and for emergencies its staff on duty. */
    static List<Target> notice(Org org, Optional<String> department, Urgency urgency, DutyRoster roster, Instant at) {
        Map<String, Target> out = new LinkedHashMap<>();
        if (department.isPresent() && org.department(department.get()).isPresent()) {
            Org.Department d = org.department(department.get()).get();
            d.alerts().ifPresent(n -> out.put(d.code(), new Target(d.code(), d.name(), n)));
            if (urgency == Urgency.EMERGENCY) {
                for (Org.Person p : staff(org, d.code(), roster, at)) {
                    p.alerts().ifPresent(n -> out.putIfAbsent(p.id(), new Target(p.id(), p.name(), n)));
                }
            }
        } else {
            org.street().alerts().ifPresent(n -> out.put(org.street().code(),
                    new Target(org.street().code(), org.street().name(), n)));
        }
        return dedupe(out);
    }

    /** The supervisor: the street's address and the leaders (and the district's for a district bureau). */
    static List<Target> supervisor(Org org, Optional<String> department) {
        Map<String, Target> out = new LinkedHashMap<>();
        org.street().alerts().ifPresent(n -> out.put(org.street().code(),
                new Target(org.street().code(), org.street().name(), n)));
        for (Org.Person p : org.people()) {
            if (p.active() && p.role() == Role.LEADER) {
                p.alerts().ifPresent(n -> out.putIfAbsent(p.id(), new Target(p.id(), p.name(), n)));
            }
        }
        department.flatMap(org::department).filter(d -> d.kind() == Org.DepartmentKind.DISTRICT_BUREAU)
                .flatMap(d -> org.district().alerts()).ifPresent(n -> out.putIfAbsent(org.district().code(),
                        new Target(org.district().code(), org.district().name(), n)));
        return dedupe(out);
    }

    /** Phones for the SMS step: the department's staff on duty (the street cadres when there is no department). */
    static List<Phone> phones(Org org, Optional<String> department, DutyRoster roster, Instant at) {
        List<Org.Person> people = department.isPresent() ? staff(org, department.get(), roster, at)
                : org.people().stream().filter(p -> p.active() && p.role() == Role.STREET_CADRE).toList();
        List<Phone> out = new ArrayList<>();
        for (Org.Person p : people) {
            String phone = p.phone().replaceAll("[\\s-]", "");
            if (!phone.isEmpty()) {
                out.add(new Phone(p.id(), p.name(), phone));
            }
        }
        return out;
    }

    /** One message per address (a person and their department may share one). */
    private static List<Target> dedupe(Map<String, Target> byWho) {
        Map<Org.Notify, Target> out = new LinkedHashMap<>();
        byWho.values().forEach(t -> out.putIfAbsent(t.address(), t));
        return List.copyOf(out.values());
    }
}
