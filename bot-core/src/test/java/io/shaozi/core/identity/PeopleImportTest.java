package io.shaozi.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.shaozi.core.store.OrgJdbc;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.ticket.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Branches and bulk import of people, stored on real H2 and PostgreSQL. */
class PeopleImportTest {
    static final String HEADER = "id,name,role,department,community,grid,branch,phone,notify_channel,notify_account,notify_recipient\n";

    static java.util.stream.Stream<TestDatabases.Engine> engines() {
        return TestDatabases.engines();
    }

    private static OrgService service(TestDatabases.Handle h, MutableClock clock) {
        OrgJdbc jdbc = new OrgJdbc(h.db());
        return new OrgService(jdbc, jdbc, clock, Fixtures.ORG);
    }

    private static List<Org.Person> parse(String csv, Org org) {
        PeopleCsv.Result r = PeopleCsv.parse(csv.getBytes(StandardCharsets.UTF_8), org);
        assertThat(r).as(r.toString()).isInstanceOf(PeopleCsv.Result.Parsed.class);
        return ((PeopleCsv.Result.Parsed) r).people();
    }

    @org.junit.jupiter.api.Test
    void contractHeader_channelAccountRecipient_areTheAlertAddressColumns() {
        List<Org.Person> people = parse("id,name,role,phone,department,community,branch,channel,account,recipient\n"
                + "dy-201,钱党员,member,13900000002,,,zb-dfx-1,generic,chat,web-qian\n", Fixtures.ORG);
        assertThat(people).filteredOn(p -> p.id().equals("dy-201")).singleElement().satisfies(p -> {
            assertThat(p.branch()).contains("zb-dfx-1");
            assertThat(p.alerts()).contains(new Org.Notify("generic", "chat", "web-qian"));
        });
    }

    @ParameterizedTest
    @MethodSource("engines")
    void branchesAndMembers_surviveARestart(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            service(h, clock).upsertBranch(new Org.Branch("zb-dfx-2", "多福巷社区第二党支部", "dw-dfx"));
            Org reloaded = service(h, clock).current();
            assertThat(reloaded.committees()).extracting(Org.Committee::code).contains("dw-jd", "dw-dfx", "dw-sj");
            assertThat(reloaded.branch("zb-dfx-2")).contains(new Org.Branch("zb-dfx-2", "多福巷社区第二党支部", "dw-dfx"));
            assertThat(reloaded.person("dy-001")).get().satisfies(p -> {
                assertThat(p.role()).isEqualTo(Role.MEMBER);
                assertThat(p.branch()).contains("zb-dfx-1");
                assertThat(p.active()).isTrue();
            });
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void import_updatesById_addsNew_andDeactivatesAbsentPeopleKeepingThem(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            OrgService org = service(h, clock);
            String token = org.issueToken("cg-002", "test");
            assertThat(org.authenticate(token)).isPresent();
            List<String> keep = Fixtures.ORG.people().stream().map(Org.Person::id)
                    .filter(id -> !id.equals("cg-002") && !id.equals("dy-002")).toList();
            StringBuilder csv = new StringBuilder(HEADER);
            for (String id : keep) {
                Org.Person p = Fixtures.ORG.person(id).orElseThrow();
                String name = id.equals("dy-001") ? "李明明" : p.name();
                csv.append(id).append(',').append(name).append(',').append(p.role().name().toLowerCase()).append(',')
                        .append(p.department().orElse("")).append(',').append(p.community().orElse("")).append(',')
                        .append(p.grid().orElse("")).append(',').append(p.branch().orElse("")).append(',')
                        .append(p.phone()).append(',')
                        .append(p.alerts().map(n -> n.channel() + "," + n.account() + "," + n.recipient()).orElse(",,"))
                        .append('\n');
            }
            csv.append("dy-009,\"赵,新\",党员,,,,zb-sj-1,13800100109,wecom,gov,zhaoxin\n");
            clock.advance(Duration.ofHours(1));
            org.importPeople(parse(csv.toString(), org.current()));

            Org after = service(h, clock).current();
            assertThat(after.person("dy-001")).get().extracting(Org.Person::name).isEqualTo("李明明");
            assertThat(after.person("dy-009")).get().satisfies(p -> {
                assertThat(p.name()).isEqualTo("赵,新");
                assertThat(p.role()).isEqualTo(Role.MEMBER);
                assertThat(p.alerts()).contains(new Org.Notify("wecom", "gov", "zhaoxin"));
            });
            assertThat(after.person("cg-002")).get().satisfies(p -> {
                assertThat(p.active()).isFalse();
                assertThat(p.deactivatedAt()).contains(MutableClock.beijing("2026-12-01T10:00"));
            });
            assertThat(after.person("dy-002")).get().extracting(Org.Person::active).isEqualTo(false);
            assertThat(after.activePeople()).hasSize(keep.size() + 1);
            assertThat(service(h, clock).authenticate(token)).isEmpty();
            assertThatThrownBy(() -> org.issueToken("cg-002", "again")).isInstanceOf(IllegalArgumentException.class);

            // re-import with cg-002 back: reactivated
            org.importPeople(parse(HEADER + "cg-002,刘洋,department_staff,jd-cgb,,,,13800100012,,,\n", org.current()));
            assertThat(service(h, clock).current().person("cg-002")).get().extracting(Org.Person::active).isEqualTo(true);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void import_withBadLines_reportsEveryErrorWithItsLine_andChangesNothing(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            MutableClock clock = MutableClock.atBeijing("2026-12-01T09:00");
            OrgService org = service(h, clock);
            Org before = org.current();
            String csv = "\uFEFF" + HEADER
                    + "dy-101,甲,member,,,,zb-dfx-1,1,,,\n"
                    + "dy-102,乙,member,,,,no-such-branch,2,,,\n"
                    + "dy-103,丙,emperor,,,,,3,,,\n"
                    + "dy-101,丁,member,,,,zb-dfx-1,4,,,\n"
                    + "dy-105," + "长".repeat(101) + ",member,,,,zb-dfx-1,5,,,\n"
                    + "dy-106,戊,member,,,,,6,wecom,,\n"
                    + "dy-107,\"己\u0007\",member,,,,zb-dfx-1,7,,,\n";
            PeopleCsv.Result r = PeopleCsv.parse(csv.getBytes(StandardCharsets.UTF_8), before);
            assertThat(r).isInstanceOf(PeopleCsv.Result.Invalid.class);
            List<PeopleCsv.Error> errors = ((PeopleCsv.Result.Invalid) r).errors();
            assertThat(errors).extracting(PeopleCsv.Error::line, PeopleCsv.Error::field).containsExactly(
                    tuple(3, "branch"),
                    tuple(4, "role"),
                    tuple(5, "id"),
                    tuple(6, "name"),
                    tuple(7, "branch"),
                    tuple(7, "notify_account"),
                    tuple(8, "name"));
            assertThat(service(h, clock).current()).isEqualTo(before);
        }
    }

    @org.junit.jupiter.api.Test
    void theSampleFileInConfig_importsAgainstTheSampleOrg() throws Exception {
        byte[] sample = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "config", "people.sample.csv"));
        PeopleCsv.Result r = PeopleCsv.parse(sample, Fixtures.ORG);
        assertThat(r).as(r.toString()).isInstanceOf(PeopleCsv.Result.Parsed.class);
        assertThat(((PeopleCsv.Result.Parsed) r).people()).extracting(Org.Person::id).contains("dy-001", "dy-002", "gb-001");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void person_withUnknownBranch_isRefused(TestDatabases.Engine engine) {
        try (TestDatabases.Handle h = TestDatabases.open(engine)) {
            OrgService org = service(h, MutableClock.atBeijing("2026-12-01T09:00"));
            Org.Person p = new Org.Person("dy-200", "某", Role.MEMBER, Optional.empty(), Optional.empty(), Optional.empty(),
                    "", Optional.empty(), Optional.of("zb-none"), Optional.empty());
            assertThatThrownBy(() -> org.upsertPerson(p)).hasMessageContaining("unknown branch zb-none");
            assertThatThrownBy(() -> org.upsertBranch(new Org.Branch("zb-x", "某支部", "dw-none")))
                    .hasMessageContaining("unknown committee dw-none");
            assertThat(org.current().person("dy-200")).isEmpty();
        }
    }
}
