package io.shaozi.core.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The organisation one deployment serves: district → street → communities → grids, the departments (委办局 and
 * street offices) with their duty lists (权责清单), and the people with roles. Immutable; edits produce a new Org.
 */
public record Org(Unit district, Unit street, List<Community> communities, List<Department> departments,
                  List<Person> people, List<Committee> committees, List<Branch> branches) {

    /** The seven categories of the classifier (duty lists may add {@code 类别/子类}, e.g. {@code 城乡建设/物业照明}). */
    public static final List<String> CATEGORIES = List.of("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障",
            "商贸旅游", "卫生计生");

    /** Where alerts for a unit, department or person go: an outbox channel, account and recipient. */
    public record Notify(String channel, String account, String recipient) {
        /** Channel ids an alert can go through (the registered channels). */
        public static final List<String> CHANNELS = io.shaozi.adapters.channel.ChannelRegistry.builtIn().ids();

        public Notify {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    /** District or street. {@code notify}: where 督办 alerts for this level go. */
    public record Unit(String code, String name, Optional<Notify> alerts) {
        public Unit {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(alerts, "alerts");
        }
    }

    public record Grid(String code, String name) {
        public Grid {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A 社区 with its grids and the place names (roads, 小区, landmarks) inside it, for 属地 routing. */
    public record Community(String code, String name, List<Grid> grids, List<String> places, Optional<Notify> alerts) {
        public Community {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            grids = List.copyOf(grids);
            places = List.copyOf(places);
            Objects.requireNonNull(alerts, "alerts");
        }
    }

    /** 委办局 (district bureau) or 街道科室 (street office). */
    public enum DepartmentKind { DISTRICT_BUREAU, STREET_OFFICE }

    /** A department and its duty list: categories ({@code 城乡建设}) or subcategories ({@code 城乡建设/物业照明}). */
    public record Department(String code, String name, DepartmentKind kind, List<String> duties, Optional<Notify> alerts) {
        public Department {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            duties = List.copyOf(duties);
            Objects.requireNonNull(alerts, "alerts");
        }
    }

    /** Level of a Party committee: 街道党工委 (street) or 社区党委 (community). */
    public enum CommitteeKind {
        STREET("街道党工委"), COMMUNITY("社区党委");

        private final String label;

        CommitteeKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A Party committee; {@code parent} is the street's code (街道党工委) or a community's code (社区党委). */
    public record Committee(String code, String name, CommitteeKind kind, String parent) {
        public Committee {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(parent, "parent");
        }
    }

    /** A Party branch (党支部) under a committee. */
    public record Branch(String code, String name, String committee) {
        public Branch {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(committee, "committee");
        }
    }

    /**
     * A person: staff have a department, community/grid workers a community (and grid), Party members a branch.
     * {@code deactivatedAt}: when the person was removed by a bulk import (kept for history; an inactive person is
     * not recognised in chat and cannot authenticate).
     */
    public record Person(String id, String name, Role role, Optional<String> department, Optional<String> community,
                         Optional<String> grid, String phone, Optional<Notify> alerts, Optional<String> branch,
                         Optional<java.time.Instant> deactivatedAt) {
        public Person(String id, String name, Role role, Optional<String> department, Optional<String> community,
                      Optional<String> grid, String phone, Optional<Notify> alerts) {
            this(id, name, role, department, community, grid, phone, alerts, Optional.empty(), Optional.empty());
        }

        public boolean active() {
            return deactivatedAt.isEmpty();
        }

        public Person deactivated(java.time.Instant at) {
            return new Person(id, name, role, department, community, grid, phone, alerts, branch, Optional.of(at));
        }

        public Person {
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(deactivatedAt, "deactivatedAt");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(department, "department");
            Objects.requireNonNull(community, "community");
            Objects.requireNonNull(grid, "grid");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(alerts, "alerts");
        }
    }

    public Org {
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(street, "street");
        communities = List.copyOf(communities);
        departments = List.copyOf(departments);
        people = List.copyOf(people);
        committees = List.copyOf(committees);
        branches = List.copyOf(branches);
    }

    /** An org without Party committees and branches. */
    public Org(Unit district, Unit street, List<Community> communities, List<Department> departments, List<Person> people) {
        this(district, street, communities, departments, people, List.of(), List.of());
    }

    /** Problems that make the org unusable (duplicate codes, dangling references); empty when valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        codes.add(district.code());
        if (!codes.add(street.code())) {
            out.add("duplicate code " + street.code());
        }
        for (Community c : communities) {
            if (!codes.add(c.code())) {
                out.add("duplicate code " + c.code());
            }
            for (Grid g : c.grids()) {
                if (!codes.add(g.code())) {
                    out.add("duplicate code " + g.code());
                }
            }
        }
        for (Department d : departments) {
            if (!codes.add(d.code())) {
                out.add("duplicate code " + d.code());
            }
            for (String duty : d.duties()) {
                String cat = duty.contains("/") ? duty.substring(0, duty.indexOf('/')) : duty;
                if (!CATEGORIES.contains(cat)) {
                    out.add("department " + d.code() + ": unknown category " + cat + " in duty " + duty);
                }
            }
        }
        for (Committee cm : committees) {
            if (!codes.add(cm.code())) {
                out.add("duplicate code " + cm.code());
            }
            boolean parentOk = cm.kind() == CommitteeKind.STREET ? cm.parent().equals(street.code())
                    : community(cm.parent()).isPresent();
            if (!parentOk) {
                out.add("committee " + cm.code() + ": unknown parent " + cm.parent());
            }
        }
        for (Branch b : branches) {
            if (!codes.add(b.code())) {
                out.add("duplicate code " + b.code());
            }
            if (committee(b.committee()).isEmpty()) {
                out.add("branch " + b.code() + ": unknown committee " + b.committee());
            }
        }
        Set<String> ids = new HashSet<>();
        for (Person p : people) {
            if (!ids.add(p.id())) {
                out.add("duplicate person id " + p.id());
            }
            p.department().filter(d -> department(d).isEmpty()).ifPresent(d -> out.add("person " + p.id() + ": unknown department " + d));
            p.community().filter(c -> community(c).isEmpty()).ifPresent(c -> out.add("person " + p.id() + ": unknown community " + c));
            if (p.role() == Role.DEPARTMENT_STAFF && p.department().isEmpty()) {
                out.add("person " + p.id() + ": department staff need a department");
            }
            p.branch().filter(b -> branch(b).isEmpty()).ifPresent(b -> out.add("person " + p.id() + ": unknown branch " + b));
            if (p.role().partyMember() && p.branch().isEmpty()) {
                out.add("person " + p.id() + ": a Party member needs a branch");
            }
            if (p.role() == Role.SYSTEM) {
                out.add("person " + p.id() + ": role system is reserved");
            }
        }
        return out;
    }

    public Optional<Department> department(String code) {
        return departments.stream().filter(d -> d.code().equals(code)).findFirst();
    }

    public Optional<Community> community(String code) {
        return communities.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    public Optional<Committee> committee(String code) {
        return committees.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    public Optional<Branch> branch(String code) {
        return branches.stream().filter(b -> b.code().equals(code)).findFirst();
    }

    /** The people who are not deactivated. */
    public List<Person> activePeople() {
        return people.stream().filter(Person::active).toList();
    }

    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Display name of any code (district, street, community, grid, department, person); the code when unknown. */
    public String name(String code) {
        Map<String, String> names = new HashMap<>();
        names.put(district.code(), district.name());
        names.put(street.code(), street.name());
        for (Community c : communities) {
            names.put(c.code(), c.name());
            c.grids().forEach(g -> names.put(g.code(), g.name()));
        }
        departments.forEach(d -> names.put(d.code(), d.name()));
        committees.forEach(c -> names.put(c.code(), c.name()));
        branches.forEach(b -> names.put(b.code(), b.name()));
        return names.getOrDefault(code, code);
    }

    /**
     * 权责清单 lookup: the first department listing {@code category/subcategory}, else the first listing
     * {@code category}.
     */
    public Optional<Department> owner(String category, Optional<String> subcategory) {
        if (subcategory.isPresent()) {
            String key = category + "/" + subcategory.get();
            Optional<Department> d = departments.stream().filter(x -> x.duties().contains(key)).findFirst();
            if (d.isPresent()) {
                return d;
            }
        }
        return departments.stream().filter(x -> x.duties().contains(category)).findFirst();
    }

    /** 属地: the community whose place names (or own name) occur in {@code place}; the longest match wins. */
    public Optional<Community> communityOf(String place) {
        if (place.isBlank()) {
            return Optional.empty();
        }
        Community best = null;
        int bestLen = 0;
        for (Community c : communities) {
            List<String> names = new ArrayList<>(c.places());
            names.add(c.name());
            for (String n : names) {
                if (n.length() > bestLen && place.contains(n)) {
                    best = c;
                    bestLen = n.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    public Org withDepartment(Department d) {
        List<Department> ds = new ArrayList<>(departments);
        ds.removeIf(x -> x.code().equals(d.code()));
        ds.add(d);
        return new Org(district, street, communities, ds, people, committees, branches);
    }

    public Org withCommunity(Community c) {
        List<Community> cs = new ArrayList<>(communities);
        cs.removeIf(x -> x.code().equals(c.code()));
        cs.add(c);
        return new Org(district, street, cs, departments, people, committees, branches);
    }

    public Org withPerson(Person p) {
        List<Person> ps = new ArrayList<>(people);
        ps.removeIf(x -> x.id().equals(p.id()));
        ps.add(p);
        return new Org(district, street, communities, departments, ps, committees, branches);
    }

    public Org withBranch(Branch b) {
        List<Branch> bs = new ArrayList<>(branches);
        bs.removeIf(x -> x.code().equals(b.code()));
        bs.add(b);
        return new Org(district, street, communities, departments, people, committees, bs);
    }

    /** All people replaced (a bulk import's result). */
    public Org withPeople(List<Person> ps) {
        return new Org(district, street, communities, departments, ps, committees, branches);
    }

    public Org withoutPerson(String id) {
        List<Person> ps = new ArrayList<>(people);
        ps.removeIf(x -> x.id().equals(id));
        return new Org(district, street, communities, departments, ps, committees, branches);
    }
}
