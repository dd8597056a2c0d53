package io.shaozi.core.ticket;

import io.shaozi.nlp.Urgency;
import io.shaozi.core.testing.MutableClock;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.identity.Role;
import java.time.LocalTime;
import java.util.Optional;

/** The shipped configuration (org, calendar 2025–2027, SLA) and common actors. */
public final class Fixtures {
    public static final Org ORG = OrgLoader.loadDefault();
    public static final HolidayCalendar CALENDAR = CalendarLoader.loadDefaults().calendar();
    public static final WorkingTime WORKING_TIME = new WorkingTime(CALENDAR, MutableClock.BEIJING, LocalTime.of(9, 0),
            LocalTime.of(17, 30));
    public static final SlaPolicy SLA = SlaPolicy.loadDefault(WORKING_TIME);
    public static final Directory DIRECTORY = OrgDirectory.of(ORG);
    public static final TicketMachine MACHINE = new TicketMachine(SLA, DIRECTORY);

    public static final Reporter RESIDENT = new Reporter("wechat", "sz", "oUser123", "李女士", "13912345678");
    public static final Actor RESIDENT_ACTOR = Actor.resident(RESIDENT);
    public static final Actor CADRE = Actor.of("gb-001", "王建国", Role.STREET_CADRE);
    public static final Actor LEADER = Actor.of("ld-001", "赵志刚", Role.LEADER);
    public static final Actor ADMIN = Actor.of("admin", "系统管理员", Role.ADMIN);
    public static final Actor CGB = Actor.staff("cg-001", "张伟", Role.DEPARTMENT_STAFF, "jd-cgb");
    public static final Actor CGB2 = Actor.staff("cg-002", "刘洋", Role.DEPARTMENT_STAFF, "jd-cgb");
    public static final Actor ZFD = Actor.staff("zf-001", "陈磊", Role.DEPARTMENT_STAFF, "jd-zfd");
    public static final Actor ZJW = Actor.staff("zjw-001", "吴强", Role.DEPARTMENT_STAFF, "qu-zjw");
    public static final Actor COMMUNITY = new Actor("sq-001", "孙红梅", Role.COMMUNITY_WORKER, Optional.empty(),
            Optional.of("110101001001"));

    private Fixtures() {
    }

    /** 路灯 request in 多福巷 (routes to 街道城市管理办公室, community 多福巷社区). */
    public static OpenRequest streetLight() {
        return new OpenRequest(RESIDENT, "多福巷12号楼前路灯不亮一周了", "城乡建设", Optional.of("物业照明"), Urgency.NORMAL,
                "东城区多福巷12号", Optional.empty(), java.util.List.of(), Optional.empty());
    }
}
