package io.shaozi.core.identity;

import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads {@code config/org.yaml}. Format (see the shipped file):
 * <pre>
 * district: {code: "110101", name: "东城区", notify: {channel: wecom, account: gov, recipient: "@district-duban"}}
 * street:   {code: "110101001", name: "东华门街道", notify: {...}}
 * communities:
 *   - {code: "110101001001", name: "多福巷社区", places: ["多福巷", ...], grids: [{code: ..., name: ...}]}
 * departments:
 *   - {code: "jd-cgb", name: "街道城市管理办公室", kind: street_office, duties: ["城乡建设/物业照明", "环境保护"], notify: {...}}
 * committees:
 *   - {code: "dw-jd", name: "东华门街道党工委", kind: street, parent: "110101001"}
 * branches:
 *   - {code: "zb-dfx-1", name: "多福巷社区第一党支部", committee: "dw-dfx"}
 * people:
 *   - {id: "p001", name: "王建国", role: street_cadre, phone: "13800000001", notify: {...}}
 *   - {id: "m001", name: "李明", role: member, branch: "zb-dfx-1", notify: {...}}
 * </pre>
 * Errors name the file and the key path ({@code departments[3].duties[1]}).
 */
public final class OrgLoader {
    private OrgLoader() {
    }

    public static Org load(Path file) {
        return parse(ConfigNode.read(file));
    }

    public static Org loadDefault() {
        return parse(ConfigNode.resource(OrgLoader.class, "/defaults/org.yaml"));
    }

    /** {@code file} when given and present, else the shipped default. */
    public static Org load(Optional<Path> file) {
        return file.filter(java.nio.file.Files::isRegularFile).map(OrgLoader::load).orElseGet(OrgLoader::loadDefault);
    }

    static Org parse(ConfigNode root) {
        Org.Unit district = unit(root.get("district"));
        Org.Unit street = unit(root.get("street"));
        List<Org.Community> communities = new ArrayList<>();
        for (ConfigNode c : root.list("communities")) {
            List<Org.Grid> grids = new ArrayList<>();
            for (ConfigNode g : c.list("grids")) {
                grids.add(new Org.Grid(g.text("code"), g.text("name")));
            }
            communities.add(new Org.Community(c.text("code"), c.text("name"), grids, c.texts("places"), notify(c)));
        }
        List<Org.Department> departments = new ArrayList<>();
        List<ConfigNode> deptNodes = root.list("departments");
        for (ConfigNode d : deptNodes) {
            Org.DepartmentKind kind;
            String k = d.text("kind", "street_office");
            try {
                kind = Org.DepartmentKind.valueOf(k.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw d.get("kind").error("expected district_bureau or street_office, got '" + k + "'");
            }
            List<ConfigNode> duties = d.list("duties");
            List<String> ds = new ArrayList<>();
            for (ConfigNode duty : duties) {
                String s = duty.text();
                String cat = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
                if (!Org.CATEGORIES.contains(cat)) {
                    throw duty.error("unknown category '" + cat + "' (one of " + String.join("、", Org.CATEGORIES) + ")");
                }
                ds.add(s);
            }
            departments.add(new Org.Department(d.text("code"), d.text("name"), kind, ds, notify(d)));
        }
        List<Org.Committee> committees = new ArrayList<>();
        for (ConfigNode c : root.list("committees")) {
            String k = c.text("kind");
            Org.CommitteeKind kind;
            try {
                kind = Org.CommitteeKind.valueOf(k.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw c.get("kind").error("expected street or community, got '" + k + "'");
            }
            committees.add(new Org.Committee(c.text("code"), c.text("name"), kind, c.text("parent")));
        }
        List<Org.Branch> branches = new ArrayList<>();
        for (ConfigNode b : root.list("branches")) {
            branches.add(new Org.Branch(b.text("code"), b.text("name"), b.text("committee")));
        }
        List<Org.Person> people = new ArrayList<>();
        for (ConfigNode p : root.list("people")) {
            Role role;
            try {
                role = Role.parse(p.text("role"));
            } catch (IllegalArgumentException e) {
                throw p.get("role").error(e.getMessage());
            }
            people.add(new Org.Person(p.text("id"), p.text("name"), role, opt(p, "department"), opt(p, "community"),
                    opt(p, "grid"), p.text("phone", ""), notify(p), opt(p, "branch"), Optional.empty()));
        }
        Org org = new Org(district, street, communities, departments, people, committees, branches);
        List<String> problems = org.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(root.source(), "", String.join("; ", problems));
        }
        return org;
    }

    /**
     * The duty roster ({@code duty:} in org.yaml; absent: none): shifts like
     * {@code {department: jd-cgb, person: cg-001, days: [MON, TUE], from: "08:00", to: "20:00"}} (Beijing time;
     * {@code from} after {@code to} runs over midnight; equal: all day). Errors name the key.
     */
    public static DutyRoster roster(Optional<Path> file, Org org) {
        Optional<Path> f = file.filter(java.nio.file.Files::isRegularFile);
        if (f.isEmpty()) {
            return DutyRoster.NONE;
        }
        ConfigNode root = ConfigNode.read(f.get());
        List<DutyRoster.Shift> shifts = new ArrayList<>();
        for (ConfigNode d : root.list("duty")) {
            String dept = d.text("department");
            if (org.department(dept).isEmpty()) {
                throw d.get("department").error("unknown department '" + dept + "'");
            }
            String person = d.text("person");
            if (org.person(person).flatMap(Org.Person::department).filter(dept::equals).isEmpty()) {
                throw d.get("person").error("'" + person + "' is not a person of department " + dept);
            }
            java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            List<String> names = d.has("days") ? d.texts("days") : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
            for (String day : names) {
                java.time.DayOfWeek w = null;
                for (java.time.DayOfWeek x : java.time.DayOfWeek.values()) {
                    if (x.name().equalsIgnoreCase(day) || x.name().substring(0, 3).equalsIgnoreCase(day)) {
                        w = x;
                    }
                }
                if (w == null) {
                    throw d.get("days").error("unknown day '" + day + "' (MON..SUN)");
                }
                days.add(w);
            }
            shifts.add(new DutyRoster.Shift(dept, person, days, time(d, "from"), time(d, "to")));
        }
        return new DutyRoster(shifts);
    }

    private static java.time.LocalTime time(ConfigNode n, String key) {
        String v = n.text(key, "00:00");
        try {
            return java.time.LocalTime.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw n.get(key).error("\"" + v + "\" is not a time like 08:00");
        }
    }

    private static Optional<String> opt(ConfigNode n, String key) {
        return n.has(key) ? Optional.of(n.text(key)) : Optional.empty();
    }

    private static Org.Unit unit(ConfigNode n) {
        return new Org.Unit(n.text("code"), n.text("name"), notify(n));
    }

    private static Optional<Org.Notify> notify(ConfigNode n) {
        if (!n.has("notify")) {
            return Optional.empty();
        }
        ConfigNode t = n.get("notify");
        String channel = t.text("channel");
        if (!Org.Notify.CHANNELS.contains(channel)) {
            throw t.get("channel").error("unknown channel '" + channel + "' (" + String.join(", ", Org.Notify.CHANNELS) + ")");
        }
        return Optional.of(new Org.Notify(channel, t.text("account"), t.text("recipient")));
    }
}
